using System.Text.Json.Nodes;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Scripts.Upload;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>Unit tests of rebuilding metadata from the SDK's bracketed form fields.</summary>
public sealed class BracketedFieldsTests
{
    private static JsonObject Rebuild(params (string, string)[] fields) => FormMetadata.Coerce(BracketedFields.Rebuild("metadata", fields));

    [Fact]
    public void Scalars_arrays_and_nested_objects()
    {
        var json = Rebuild(
            ("metadata[main_module]", "worker.js"),
            ("metadata[compatibility_flags][]", "a"),
            ("metadata[compatibility_flags][]", "b"),
            ("metadata[assets][config][html_handling]", "none"),
            ("metadata[assets][jwt]", "x.y.z"));
        Assert.Equal("""{"main_module":"worker.js","compatibility_flags":["a","b"],"assets":{"config":{"html_handling":"none"},"jwt":"x.y.z"}}""",
            json.ToJsonString());
    }

    [Fact]
    public void A_repeated_key_starts_the_next_array_element()
    {
        var json = Rebuild(
            ("metadata[bindings][][type]", "plain_text"), ("metadata[bindings][][name]", "A"), ("metadata[bindings][][text]", "1"),
            ("metadata[bindings][][name]", "B"), ("metadata[bindings][][type]", "plain_text"), ("metadata[bindings][][text]", "2"),
            ("metadata[bindings][][type]", "assets"), ("metadata[bindings][][name]", "ASSETS"));
        var bindings = json["bindings"]!.AsArray();
        Assert.Equal(3, bindings.Count);
        Assert.Equal(("A", "1"), ((string?)bindings[0]!["name"], (string?)bindings[0]!["text"]));
        Assert.Equal(("B", "2"), ((string?)bindings[1]!["name"], (string?)bindings[1]!["text"]));
        Assert.Equal("ASSETS", (string?)bindings[2]!["name"]);
    }

    [Fact]
    public void Nested_objects_and_arrays_inside_array_elements()
    {
        var json = Rebuild(
            ("metadata[bindings][][name]", "D"), ("metadata[bindings][][type]", "dispatch_namespace"), ("metadata[bindings][][namespace]", "ns"),
            ("metadata[bindings][][outbound][worker][service]", "out"),
            ("metadata[bindings][][outbound][params][][name]", "p1"), ("metadata[bindings][][outbound][params][][name]", "p2"),
            ("metadata[bindings][][name]", "E"), ("metadata[bindings][][type]", "plain_text"));
        var bindings = json["bindings"]!.AsArray();
        Assert.Equal(2, bindings.Count);
        Assert.Equal("out", (string?)bindings[0]!["outbound"]!["worker"]!["service"]);
        Assert.Equal(["p1", "p2"], bindings[0]!["outbound"]!["params"]!.AsArray().Select(p => (string?)p!["name"]));
        Assert.Equal("E", (string?)bindings[1]!["name"]);
    }

    [Fact]
    public void Booleans_and_numbers_get_their_types_back_where_the_schema_has_them()
    {
        var json = Rebuild(
            ("metadata[keep_assets]", "true"), ("metadata[logpush]", "false"), ("metadata[limits][cpu_ms]", "50"),
            ("metadata[observability][enabled]", "true"), ("metadata[assets][config][run_worker_first]", "true"),
            ("metadata[bindings][][name]", "N"), ("metadata[bindings][][text]", "true"), ("metadata[usage_model]", "50"));
        Assert.True((bool)json["keep_assets"]!);
        Assert.False((bool)json["logpush"]!);
        Assert.Equal(50, (int)json["limits"]!["cpu_ms"]!);
        Assert.True((bool)json["observability"]!["enabled"]!);
        Assert.True((bool)json["assets"]!["config"]!["run_worker_first"]!);
        Assert.Equal("true", (string?)json["bindings"]![0]!["text"]);
        Assert.Equal("50", (string?)json["usage_model"]);
    }

    [Fact]
    public void Values_that_do_not_fit_the_type_stay_strings_for_validation_to_report()
    {
        var json = Rebuild(("metadata[keep_assets]", "yes"), ("metadata[limits][cpu_ms]", "fast"), ("metadata[observability][head_sampling_rate]", ".5"));
        Assert.Equal("yes", (string?)json["keep_assets"]);
        Assert.Equal("fast", (string?)json["limits"]!["cpu_ms"]);
        Assert.Equal(".5", (string?)json["observability"]!["head_sampling_rate"]);
    }

    [Theory]
    [InlineData("metadata[a")]
    [InlineData("metadata[]")]
    [InlineData("metadata[a]x")]
    [InlineData("metadata[a][][]")]
    public void Malformed_names_are_refused(string name)
    {
        var e = Assert.Throws<ApiException>(() => BracketedFields.Rebuild("metadata", [(name, "v")]));
        Assert.Equal(10021, e.Code);
    }

    [Fact]
    public void A_value_given_twice_is_refused()
    {
        var e = Assert.Throws<ApiException>(() => BracketedFields.Rebuild("metadata", [("metadata[a][b]", "1"), ("metadata[a][b]", "2")]));
        Assert.Contains("metadata[a][b]", e.Message);
    }

    [Fact]
    public void A_scalar_cannot_become_an_object()
    {
        Assert.Throws<ApiException>(() => BracketedFields.Rebuild("metadata", [("metadata[a]", "1"), ("metadata[a][b]", "2")]));
    }
}
