namespace Switchyard.ControlPlane.Api;

/// <summary>
/// Page-based pagination as the SDK and wrangler walk it: they stop on an empty page (SDK) or when
/// <c>page * per_page &gt;= total_count</c> (wrangler), so pages past the end must be empty, never repeated.
/// </summary>
public static class Paging
{
    public static IResult Page<T>(IReadOnlyList<T> all, int? page, int? perPage, int defaultPerPage = 20, int maxPerPage = 1000)
    {
        var p = Math.Max(page ?? 1, 1);
        var size = Math.Clamp(perPage ?? defaultPerPage, 1, maxPerPage);
        var items = all.Skip((p - 1) * size).Take(size).ToList();
        return ApiResults.Ok(items, new ResultInfo
        {
            Page = p,
            PerPage = size,
            Count = items.Count,
            TotalCount = all.Count,
            TotalPages = (all.Count + size - 1) / size,
        });
    }
}
