using System.Data.Common;
using Switchyard.Storage.Zones;

namespace Switchyard.Storage.Rows;

/// <summary>Zones and routes as both backends select them: the same columns, in the same order.</summary>
public static class ZoneRowReaders
{
    public const string ZoneColumns = "SELECT z.id, z.account_id, z.name, z.created_on, z.modified_on FROM zones z";
    public const string RouteColumns = "SELECT r.id, r.zone_id, r.pattern, r.script FROM worker_routes r";
    public const string JoinedColumns =
        "SELECT z.id, z.account_id, z.name, z.created_on, z.modified_on, r.id, r.zone_id, r.pattern, r.script " +
        "FROM worker_routes r JOIN zones z ON z.id = r.zone_id";

    public static Zone ReadZone(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetTimestamp(3), r.GetTimestamp(4));

    public static WorkerRoute ReadRoute(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetNullableString(3));

    public static ZoneRoute ReadZoneRoute(DbDataReader r) => new(ReadZone(r),
        new WorkerRoute(r.GetString(5), r.GetString(6), r.GetString(7), r.GetNullableString(8)));
}
