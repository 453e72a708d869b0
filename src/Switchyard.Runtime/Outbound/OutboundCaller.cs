using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Outbound;

/// <summary>
/// Who makes a subrequest (a <c>fetch()</c> or a <c>connect()</c>): the worker, and the ticket of the invocation it is
/// made for (<see cref="Invocation.InvocationSettings.Ticket"/>; null in one process). The network itself ignores both;
/// a worker host sends them to the server, which checks the invocation and counts the subrequest against it.
/// </summary>
public sealed record OutboundCaller(WorkerRef Worker, long? Ticket);
