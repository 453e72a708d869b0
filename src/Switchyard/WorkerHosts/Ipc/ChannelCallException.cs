namespace Switchyard.WorkerHosts.Ipc;

/// <summary>A call over the worker host channel ended without its answer: the other side cancelled it, failed, or is gone.</summary>
public sealed class ChannelCallException(string message) : IOException(message);
