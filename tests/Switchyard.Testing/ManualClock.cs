namespace Switchyard.Testing;

/// <summary>A clock that stands still where the test puts it (<see cref="Now"/>) or moves it (<see cref="Advance"/>).</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}
