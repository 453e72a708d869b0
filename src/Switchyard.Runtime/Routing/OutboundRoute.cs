namespace Switchyard.Runtime.Routing;

/// <summary>
/// A dispatched user worker's subrequests go to the outbound worker <see cref="Service"/> (an account-level script of
/// <see cref="AccountId"/>, looked up at each call) with <see cref="ParamsJson"/> (the declared params the dispatcher
/// passed, a JSON object) laid over its env for that request.
/// </summary>
public sealed record OutboundRoute(string AccountId, string Service, string ParamsJson);
