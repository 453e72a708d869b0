using Xunit;

namespace Switchyard.EndToEnd.Tests;

/// <summary>Every test that needs the wrangler-deployed server shares one run of the flows.</summary>
[CollectionDefinition(Name)]
public sealed class WranglerCollection : ICollectionFixture<WranglerFlows>
{
    public const string Name = "wrangler";
}
