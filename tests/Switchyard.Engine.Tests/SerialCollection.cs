namespace Switchyard.Engine.Tests;

/// <summary>Tests that measure CPU time or process memory run alone, away from other tests' load.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
