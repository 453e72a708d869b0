using System.Text.Json;

namespace Switchyard.Runtime.Routing;

/// <summary>What <c>get(name, args, options)</c> asked for: the script, the custom limits, the outbound params (a JSON object).</summary>
public sealed record DispatchTarget(string Script, double? CpuMs, int? SubRequests, JsonElement? Outbound);
