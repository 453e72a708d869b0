using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests;

/// <summary>Header lists joined by NUL across invoke(): the request's into JS, the response's back out.</summary>
public class HostHeaderListTests
{
    [Fact]
    public void Names_are_lower_cased_and_pairs_joined_by_nul_with_empty_values_and_repeats_kept()
    {
        string joined = HostHeaderList.Join([KeyValuePair.Create("X-A", "1"), KeyValuePair.Create("x-a", ""), KeyValuePair.Create("Accept", "*/* é")]);

        Assert.Equal("x-a\u00001\u0000x-a\u0000\u0000accept\u0000*/* é", joined);
        Assert.Equal("", HostHeaderList.Join([]));
    }

    [Theory]
    [InlineData("x-a\0x-b", "1")]
    [InlineData("x-a", "1\0x-injected\02")]
    [InlineData("x-a", "1\r\nx-injected: 2")]
    [InlineData("x-a\n", "1")]
    public void A_nul_cr_or_lf_in_a_name_or_value_is_refused(string name, string value) =>
        Assert.Throws<ArgumentException>(() => HostHeaderList.Join([KeyValuePair.Create(name, value)]));

    [Fact]
    public void A_joined_list_splits_back_into_its_pairs_in_order()
    {
        var headers = new[] { KeyValuePair.Create("set-cookie", "a=1"), KeyValuePair.Create("set-cookie", "b=2"),
            KeyValuePair.Create("x-empty", ""), KeyValuePair.Create("x-path", "C:\\té") };

        Assert.Equal(headers, HostHeaderList.Split(HostHeaderList.Join(headers)));
        Assert.Equal([KeyValuePair.Create("x-last", "")], HostHeaderList.Split("x-last\0"));
        Assert.Empty(HostHeaderList.Split(""));
    }

    [Theory]
    [InlineData("only-a-name")]
    [InlineData("a\01\0dangling")]
    public void A_list_ending_in_a_name_without_a_value_is_an_error(string joined) =>
        Assert.Throws<FormatException>(() => HostHeaderList.Split(joined));
}
