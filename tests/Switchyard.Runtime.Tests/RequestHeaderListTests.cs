using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests;

/// <summary>The header list invoke() takes apart with split("\0"), and its refusal of what would split wrongly.</summary>
public class RequestHeaderListTests
{
    [Fact]
    public void Names_are_lower_cased_and_pairs_joined_by_nul_with_empty_values_and_repeats_kept()
    {
        string joined = RequestHeaderList.Join([KeyValuePair.Create("X-A", "1"), KeyValuePair.Create("x-a", ""), KeyValuePair.Create("Accept", "*/* é")]);

        Assert.Equal("x-a\u00001\u0000x-a\u0000\u0000accept\u0000*/* é", joined);
        Assert.Equal("", RequestHeaderList.Join([]));
    }

    [Theory]
    [InlineData("x-a\0x-b", "1")]
    [InlineData("x-a", "1\0x-injected\02")]
    public void A_nul_in_a_name_or_value_is_refused(string name, string value) =>
        Assert.Throws<ArgumentException>(() => RequestHeaderList.Join([KeyValuePair.Create(name, value)]));
}
