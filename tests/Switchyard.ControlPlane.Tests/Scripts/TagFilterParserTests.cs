using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Scripts;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

public sealed class TagFilterParserTests
{
    [Fact]
    public void Yes_and_no_flags_split_into_required_and_excluded()
    {
        var filter = TagFilterParser.Parse("a:yes,b:no,c:yes");
        Assert.Equal(["a", "c"], filter.Required);
        Assert.Equal(["b"], filter.Excluded);
    }

    [Fact]
    public void Tags_may_contain_colons_the_flag_follows_the_last_one()
    {
        var filter = TagFilterParser.Parse("cf:service=web:yes,cf:environment=staging:no");
        Assert.Equal(["cf:service=web"], filter.Required);
        Assert.Equal(["cf:environment=staging"], filter.Excluded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_filter_matches_everything(string? query) => Assert.True(TagFilterParser.Parse(query).IsEmpty);

    [Theory]
    [InlineData("a")]
    [InlineData("a:maybe")]
    [InlineData(":yes")]
    [InlineData("a:yes,")]
    [InlineData("a:yes,a:no")]
    [InlineData("a&b:yes")]
    public void Malformed_filters_are_refused(string query)
    {
        var e = Assert.Throws<ApiException>(() => TagFilterParser.Parse(query));
        Assert.Equal((400, 10021), (e.Status, e.Code));
    }
}
