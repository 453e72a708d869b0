namespace Switchyard.Storage.Zones;

/// <summary>A domain an account owns (e.g. <c>example.com</c>); worker routes attach scripts to URL patterns in it.</summary>
public sealed record Zone(string Id, string AccountId, string Name, DateTimeOffset CreatedOn, DateTimeOffset ModifiedOn);

/// <summary>A route of a zone: requests matching <see cref="Pattern"/> go to <see cref="Script"/> (null: to no worker).</summary>
public sealed record WorkerRoute(string Id, string ZoneId, string Pattern, string? Script);

/// <summary>A route together with its zone, as the edge and the script-routes endpoints see it.</summary>
public sealed record ZoneRoute(Zone Zone, WorkerRoute Route);
