namespace Switchyard.ControlPlane.Tails;

/// <summary>Error codes of the tails API. wrangler only prints the message; the codes are ours.</summary>
public static class TailErrors
{
    /// <summary>The filters of <c>POST …/tails</c> cannot be used.</summary>
    public const int InvalidFilters = 10070;
    /// <summary>The script already has <see cref="Observability.Tail.TailHub.MaxTailsPerScript"/> tails.</summary>
    public const int TooManyTails = 10071;
    /// <summary>No tail of that id on that script.</summary>
    public const int TailNotFound = 10072;
}
