namespace Switchyard.Runtime.Limits;

/// <summary>
/// One of an invocation's places for an outbound connection waiting for its response
/// (<see cref="LimitEnforcer.EnterConnectionAsync"/>); disposing it gives the place back, once.
/// </summary>
internal sealed class ConnectionPlace(SemaphoreSlim places) : IDisposable
{
    private SemaphoreSlim? _places = places;

    public void Dispose() => Interlocked.Exchange(ref _places, null)?.Release();
}
