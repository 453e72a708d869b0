using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts.Upload;

/// <summary>
/// The validated code of an upload: which module is the entry point and every part, main module first. An upload
/// without modules is valid only when the version gets assets (an assets-only worker).
/// </summary>
public sealed record UploadedCode(string? MainModule, bool ServiceWorker, IReadOnlyList<UploadedFile> Files)
{
    public static UploadedCode Validate(string? mainModule, string? bodyPart, IReadOnlyList<UploadedFile> files, bool versionHasAssets)
    {
        if (files.Count > ScriptLimits.MaxModules)
            throw ScriptErrors.Invalid($"The upload has {files.Count} modules; at most {ScriptLimits.MaxModules} are allowed");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long size = 0;
        foreach (var file in files)
        {
            if (ModuleNameProblem(file.Name) is { } problem) throw ScriptErrors.Invalid(problem);
            if (!seen.Add(file.Name)) throw ScriptErrors.Invalid($"The upload has two modules named '{file.Name}'");
            if (file.ContentType is null)
                throw ScriptErrors.Invalid($"Module '{file.Name}' has no Content-Type; use e.g. application/javascript+module");
            var kind = ModuleKinds.FromContentType(file.ContentType)
                       ?? throw ScriptErrors.Invalid($"Module '{file.Name}' has the unsupported Content-Type '{file.ContentType}'");
            if (kind is ModuleKind.EsModule or ModuleKind.CommonJs or ModuleKind.Text or ModuleKind.Json && InvalidUtf8At(file.Data) is int at)
                throw ScriptErrors.Invalid($"Module '{file.Name}' is not valid UTF-8 text (the first invalid byte is at offset {at})");
            if (kind != ModuleKind.SourceMap) size += file.Data.Length;
        }
        if (size > ScriptLimits.MaxScriptBytes)
            throw ApiExceptionTooLarge(size);

        if (mainModule is not null && bodyPart is not null)
            throw ScriptErrors.Invalid("metadata has both main_module and body_part; a worker is either modules or a service worker");
        var entry = mainModule ?? bodyPart;
        if (entry is null)
        {
            if (files.Any(f => ModuleKinds.FromContentType(f.ContentType!) != ModuleKind.SourceMap))
                throw ScriptErrors.Invalid("metadata must name the entry point in main_module (ES modules) or body_part (service worker)");
            if (!versionHasAssets)
                throw ScriptErrors.Invalid("The upload has no modules and no assets; upload a main_module or assets");
            return new UploadedCode(null, false, files);
        }

        var main = files.FirstOrDefault(f => f.Name == entry)
                   ?? throw ScriptErrors.Invalid($"{(mainModule is not null ? "main_module" : "body_part")} '{entry}' names no uploaded part; parts: {string.Join(", ", files.Select(f => f.Name))}");
        var mainKind = ModuleKinds.FromContentType(main.ContentType!);
        if (bodyPart is not null && mainKind != ModuleKind.CommonJs)
            throw ScriptErrors.Invalid($"body_part '{entry}' must be a script with Content-Type application/javascript, not '{main.ContentType}'");
        if (mainModule is not null && mainKind is not (ModuleKind.EsModule or ModuleKind.CommonJs or ModuleKind.Python))
            throw ScriptErrors.Invalid($"main_module '{entry}' must be a JavaScript or Python module, not '{main.ContentType}'");
        return new UploadedCode(entry, bodyPart is not null, [main, .. files.Where(f => f != main)]);
    }

    /// <summary>
    /// Names each part a <see cref="PartBinding"/> refers to by that binding's <c>part</c>: wrangler sends such a part
    /// under the binding's name with the file's path as its file name (<c>./lib/module.wasm</c>, or an absolute path),
    /// which is no module name. Whether every bound part exists with the right type is <c>BindingSet.Check</c>'s.
    /// </summary>
    public static IReadOnlyList<UploadedFile> NameBoundParts(IReadOnlyList<UploadedFile> files, IEnumerable<WorkerBinding?> bindings)
    {
        var parts = bindings.OfType<PartBinding>().Select(b => b.Part).ToHashSet(StringComparer.Ordinal);
        if (parts.Count == 0) return files;
        return [.. files.Select(f => f.PartName is { } part && parts.Contains(part) && f.Name != part && !files.Any(o => o.Name == part)
            ? f with { Name = part }
            : f)];
    }

    /// <summary>Module names are relative paths as imported (<c>index.js</c>, <c>lib/util.mjs</c>), never outside the worker.</summary>
    public static string? ModuleNameProblem(string name)
    {
        if (name.Length is 0 or > 1024) return "Module names must be 1-1024 characters";
        if (name.Any(char.IsControl) || name.Contains('\\')) return $"Module name '{name}' must not contain control characters or '\\'";
        if (name.StartsWith('/') || name.Split('/').Any(s => s is "" or "." or ".."))
            return $"Module name '{name}' must be a relative path without empty, '.' or '..' segments";
        return null;
    }

    /// <summary>The offset of the first byte that is not part of valid UTF-8, or null when all of it is valid.</summary>
    private static int? InvalidUtf8At(byte[] data) =>
        System.Text.Unicode.Utf8.IsValid(data) ? null : FirstInvalid(data);

    private static int FirstInvalid(ReadOnlySpan<byte> data)
    {
        int offset = 0;
        while (!data.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(data, out _, out int consumed);
            if (status != System.Buffers.OperationStatus.Done) return offset;
            offset += consumed;
            data = data[consumed..];
        }
        return offset;
    }

    private static Api.ApiException ApiExceptionTooLarge(long size) => Api.ApiException.BadRequest(ScriptErrors.ScriptTooLarge,
        $"Your Worker exceeded the size limit of {ScriptLimits.MaxScriptBytes / (1024 * 1024)} MiB: its modules total {size} bytes");
}
