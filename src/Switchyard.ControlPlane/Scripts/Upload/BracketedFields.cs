using System.Text.Json.Nodes;

namespace Switchyard.ControlPlane.Scripts.Upload;

/// <summary>
/// Rebuilds a JSON object from form fields whose names encode a path, the way the Stainless-generated Cloudflare SDKs
/// flatten nested values: <c>metadata[main_module]</c>, <c>metadata[compatibility_flags][]</c>,
/// <c>metadata[bindings][][name]</c>, <c>metadata[assets][config][html_handling]</c>. Fields arrive in the order the
/// SDK appended them, so <c>[]</c> followed by a key that the array's last object already has starts a new element.
/// Every leaf is a string (form fields carry no types); see <see cref="FormMetadata"/> for the coercions.
/// </summary>
public static class BracketedFields
{
    /// <summary>True when <paramref name="fieldName"/> is <paramref name="root"/> followed by a bracketed path.</summary>
    public static bool IsUnder(string fieldName, string root) =>
        fieldName.Length > root.Length && fieldName.StartsWith(root, StringComparison.Ordinal) && fieldName[root.Length] == '[';

    public static JsonObject Rebuild(string root, IEnumerable<(string Name, string Value)> fields)
    {
        var result = new JsonObject();
        foreach (var (name, value) in fields)
        {
            var path = ParsePath(name, root);
            if (!Insert(result, path, value))
                throw ScriptErrors.Invalid($"Form field '{name}' repeats a value that was already given");
        }
        return result;
    }

    /// <summary>Splits <c>root[a][][b]</c> into <c>a</c>, <c>""</c> (an array step), <c>b</c>.</summary>
    internal static List<string> ParsePath(string name, string root)
    {
        var segments = new List<string>();
        var rest = name.AsSpan(root.Length);
        while (!rest.IsEmpty)
        {
            var close = rest.IndexOf(']');
            if (rest[0] != '[' || close < 0)
                throw ScriptErrors.Invalid($"Malformed form field name '{name}': expected {root}[key][key]…");
            segments.Add(rest[1..close].ToString());
            rest = rest[(close + 1)..];
        }
        if (segments.Count == 0 || segments[0].Length == 0)
            throw ScriptErrors.Invalid($"Malformed form field name '{name}': expected {root}[key]…");
        return segments;
    }

    /// <summary>Sets the value at <paramref name="path"/> below <paramref name="node"/>; false when it is already set.</summary>
    private static bool Insert(JsonObject node, List<string> path, string value)
    {
        var key = path[0];
        if (path.Count == 1)
        {
            if (node.ContainsKey(key)) return false;
            node[key] = value;
            return true;
        }
        if (path[1].Length == 0)
        {
            if (node[key] is not JsonArray array)
            {
                if (node.ContainsKey(key)) return false;
                node[key] = array = [];
            }
            return InsertIntoArray(array, path[2..], value);
        }
        if (node[key] is not JsonObject child)
        {
            if (node.ContainsKey(key)) return false;
            node[key] = child = [];
        }
        return Insert(child, path[1..], value);
    }

    private static bool InsertIntoArray(JsonArray array, List<string> path, string value)
    {
        if (path.Count == 0)
        {
            array.Add(value);
            return true;
        }
        if (path[0].Length == 0)
            throw ScriptErrors.Invalid("Form field names with nested '[][]' are not supported");
        if (array.Count > 0 && array[^1] is JsonObject last && Insert(last, path, value)) return true;
        var element = new JsonObject();
        array.Add(element);
        return Insert(element, path, value);
    }
}
