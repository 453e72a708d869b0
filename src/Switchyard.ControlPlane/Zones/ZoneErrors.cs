using Switchyard.ControlPlane.Api;

namespace Switchyard.ControlPlane.Zones;

/// <summary>Error codes of zones and worker routes; wrangler inspects none of them, so most are our choice.</summary>
public static class ZoneErrors
{
    /// <summary>Cloudflare's answer to an unknown object identifier ("Could not route to …").</summary>
    public const int ZoneNotFound = 7003;
    /// <summary>Cloudflare's "zone already exists".</summary>
    public const int ZoneExists = 1061;
    /// <summary>Ours: the zone name is not a domain.</summary>
    public const int InvalidZoneName = 1002;
    /// <summary>Ours: invalid route pattern, or a pattern outside its zone.</summary>
    public const int InvalidRoute = 10022;
    /// <summary>Ours: the zone already has a route with that pattern, or it belongs to another worker.</summary>
    public const int RouteExists = 10020;
    /// <summary>Ours: no such route in the zone.</summary>
    public const int RouteNotFound = 10019;

    public static ApiException UnknownZone(string zoneId) =>
        ApiException.NotFound(ZoneNotFound, $"Could not route to /zones/{zoneId}, perhaps your object identifier is invalid?");
}
