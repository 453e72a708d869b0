using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Auth;
using Switchyard.ControlPlane.Assets;
using Switchyard.ControlPlane.Scripts.Bindings;
using Switchyard.ControlPlane.Scripts.Upload;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Kv;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>
/// Turns uploads and changes into versions. Order matters for crash consistency and for "bad input changes nothing":
/// read the whole body, validate everything that does not need the live version, write module and manifest blobs
/// (content-addressed, invisible until referenced), then commit metadata in one transaction whose build step checks
/// what does depend on the live version (inherited bindings, kept assets) and rolls back on any error.
/// </summary>
public sealed class ScriptDeployer(
    IScriptStore scripts,
    INamespaceStore namespaces,
    IKvStore kv,
    IBlobStore blobs,
    TimeProvider clock,
    IAssetCompletionTokens? assetTokens = null,
    IWorkerCodeValidator? validator = null)
{
    private static readonly IReadOnlyDictionary<string, string> NoAnnotations = new Dictionary<string, string>();

    /// <summary>
    /// A full upload (<c>PUT …/scripts/:s</c> creates or replaces and deploys; <c>POST …/versions</c> adds a version
    /// of an existing script without deploying it).
    /// </summary>
    public async Task<VersionCommitResult> UploadAsync(HttpContext ctx, ScriptLocation target, bool deploy)
    {
        var ct = ctx.RequestAborted;
        if (!deploy) await target.RequireAsync(scripts); // a version upload never creates a script: answer 404 before reading it
        var strict = StrictInherit(ctx.Request);
        var form = await UploadForm.ReadAsync(ctx.Request, "metadata", ct);
        var meta = UploadMetadata.Parse(form.Metadata, clock);
        var newAssets = meta.AssetsJwt is not null;
        if (meta.AssetsConfig is not null && !newAssets && !meta.KeepAssets)
            throw ScriptErrors.Invalid("metadata.assets.config was given without assets: send assets.jwt or keep_assets");
        var specs = BindingParser.Parse(meta.Bindings);
        var files = UploadedCode.NameBoundParts(form.Files, specs.Select(s => s.Value));
        var code = UploadedCode.Validate(meta.MainModule, meta.BodyPart, files, versionHasAssets: newAssets || meta.KeepAssets);
        await RequireBindingTargetsAsync(target.Account.Id, specs, ct);

        await ValidateCodeAsync(target, code, meta.CompatibilityDate, meta.CompatibilityFlags ?? [],
            [.. specs.Select(s => s.Value).OfType<WorkerBinding>()], ct);
        var uploadedAssets = newAssets ? new VersionAssets(await RedeemAsync(target, meta.AssetsJwt!, ct), meta.AssetsConfig ?? AssetsConfig.Default) : null;
        var modules = await StoreAsync(code, ct);
        var handlers = HandlerScan.Scan(code);

        var result = await scripts.CommitAsync(target.Owner, target.Name, new VersionCommit(
            ClientSource(ctx),
            live =>
            {
                var assets = uploadedAssets ?? (meta.KeepAssets ? KeptAssets(live, meta.AssetsConfig) : null);
                if (code.MainModule is null && assets is null)
                    throw ScriptErrors.Invalid("The upload has no modules and the live version has no assets to keep");
                var bindings = BindingSet.Resolve(specs, live?.Content.Bindings ?? [], meta.KeepBindings, strict);
                BindingSet.Check(bindings, assets is not null, modules, code.ServiceWorker);
                return new VersionContent
                {
                    MainModule = code.MainModule,
                    ServiceWorker = code.ServiceWorker,
                    Modules = modules,
                    CompatibilityDate = meta.CompatibilityDate,
                    CompatibilityFlags = meta.CompatibilityFlags ?? [],
                    Bindings = bindings,
                    CpuMs = meta.CpuMs,
                    Placement = meta.Placement,
                    UsageModel = meta.UsageModel ?? "standard",
                    Assets = assets,
                    Annotations = meta.Annotations,
                    Handlers = handlers,
                };
            },
            CreateScript: deploy,
            Deploy: deploy,
            Settings: deploy ? meta.ScriptSettings : null,
            DeploymentAnnotations: deploy ? DeploymentAnnotations("upload", meta.Annotations) : null,
            Author: deploy ? Author(ctx) : null), CancellationToken.None); // once the body is read, the deploy completes
        return result ?? throw target.NotFound();
    }

    /// <summary><c>PUT …/content</c>: new code (and entry point) for the live version's bindings, settings and assets.</summary>
    public async Task<VersionCommitResult> ReplaceContentAsync(HttpContext ctx, ScriptLocation target)
    {
        var script = await target.RequireAsync(scripts);
        var form = await UploadForm.ReadAsync(ctx.Request, "metadata", ctx.RequestAborted);
        var f = new JsonFields(form.Metadata, "metadata");
        var code = UploadedCode.Validate(f.String("main_module"), f.String("body_part"), form.Files, versionHasAssets: true);
        var live = (await scripts.GetVersionAsync(script.Id, script.ActiveVersionId, ctx.RequestAborted))?.Content;
        await ValidateCodeAsync(target, code, live?.CompatibilityDate, live?.CompatibilityFlags ?? [], live?.Bindings ?? [], ctx.RequestAborted);
        var modules = await StoreAsync(code, ctx.RequestAborted);
        var handlers = HandlerScan.Scan(code);
        return await DeriveAsync(ctx, target, "upload", live =>
        {
            if (code.MainModule is null && live.Assets is null)
                throw ScriptErrors.Invalid("The upload has no modules; a worker without assets needs a main_module or body_part");
            return live with { MainModule = code.MainModule, ServiceWorker = code.ServiceWorker, Modules = modules, Handlers = handlers };
        });
    }

    /// <summary>
    /// A new version derived from the live one (settings, secrets, content) and deployed at once, as Cloudflare does
    /// for these changes. Version annotations are per upload and not carried over.
    /// </summary>
    public async Task<VersionCommitResult> DeriveAsync(HttpContext ctx, ScriptLocation target, string triggeredBy, Func<VersionContent, VersionContent> change,
        ScriptSettingsPatch? settings = null)
    {
        var result = await scripts.CommitAsync(target.Owner, target.Name, new VersionCommit(
            ClientSource(ctx),
            live =>
            {
                var next = change(live!.Content with { Annotations = NoAnnotations });
                BindingSet.Check(next.Bindings, next.Assets is not null, next.Modules, next.ServiceWorker);
                return next;
            },
            CreateScript: false,
            Deploy: true,
            Settings: settings,
            DeploymentAnnotations: DeploymentAnnotations(triggeredBy, NoAnnotations),
            Author: Author(ctx)));
        return result ?? throw target.NotFound();
    }

    /// <summary>
    /// Dispatch namespace and KV namespace bindings must name resources of the same account. Only bindings given with
    /// a value are checked: an inherited binding keeps what the live version already had.
    /// </summary>
    public async Task RequireBindingTargetsAsync(string accountId, IEnumerable<BindingSpec> specs, CancellationToken ct)
    {
        foreach (var binding in specs.Select(s => s.Value))
            switch (binding)
            {
                case DispatchNamespaceBinding d when await namespaces.GetAsync(accountId, d.Namespace, ct) is null:
                    throw ScriptErrors.Invalid($"Binding '{d.Name}' names the dispatch namespace '{d.Namespace}', which does not exist in this account");
                case KvNamespaceBinding k when await kv.GetNamespaceAsync(accountId, k.NamespaceId, ct) is null:
                    throw ScriptErrors.UnknownKvNamespace(k.Name, k.NamespaceId);
            }
    }

    /// <summary>
    /// Who made a deployment, for its <c>author_email</c> (wrangler prints it as the author): Cloudflare puts the email of
    /// the token's user there; Switchyard's tokens belong to an account, not a user, so it names the token.
    /// </summary>
    public static string Author(HttpContext ctx) => $"API token '{ctx.ApiCaller().Token.Name}'";

    /// <summary><c>wrangler</c> when wrangler made the request (its User-Agent), else <c>api</c>; wrangler warns on the latter.</summary>
    public static string ClientSource(HttpContext ctx) =>
        ctx.Request.Headers.UserAgent.ToString().StartsWith("wrangler", StringComparison.OrdinalIgnoreCase) ? "wrangler" : "api";

    private static bool StrictInherit(HttpRequest request)
    {
        var mode = request.Query["bindings_inherit"].ToString();
        return mode switch
        {
            "" => false,
            "strict" => true,
            _ => throw ScriptErrors.Invalid($"bindings_inherit must be 'strict'; got '{mode}'"),
        };
    }

    private static VersionAssets KeptAssets(ScriptVersion? live, AssetsConfig? newConfig) =>
        live?.Content.Assets is { } kept
            ? kept with { Config = newConfig ?? kept.Config }
            : throw ScriptErrors.Invalid("keep_assets is set, but the live version has no assets to keep");

    private async Task<string> RedeemAsync(ScriptLocation target, string jwt, CancellationToken ct)
    {
        if (assetTokens is null)
            throw new ApiException(501, ScriptErrors.Validation, "This server cannot take static assets: no asset upload service is configured");
        var manifest = await assetTokens.RedeemAsync(target.Account.Id, target.Namespace?.Name, target.Name, jwt, ct);
        return await AssetManifests.WriteAsync(blobs, manifest, ct);
    }

    /// <summary>
    /// Loads the code as a request would, before anything is stored; refuses with 10021 and the reason when it does not
    /// load (a syntax error, an import that does not resolve, an uncaught exception or the start-up limit).
    /// </summary>
    private async Task ValidateCodeAsync(ScriptLocation target, UploadedCode code, string? compatibilityDate,
        IReadOnlyList<string> compatibilityFlags, IReadOnlyList<WorkerBinding> bindings, CancellationToken ct)
    {
        IReadOnlyList<ScriptModule> modules = [.. code.Files.Select(f => new ScriptModule(f.Name, f.ContentType!, "upload:" + f.Name, f.Data.Length))];
        // Before loading: a missing or mistyped part is the upload's mistake, said plainly, not a module that fails to load.
        BindingSet.CheckParts(bindings, modules, code.ServiceWorker);
        if (validator is null || code.MainModule is null) return;
        var candidate = new VersionContent
        {
            MainModule = code.MainModule,
            ServiceWorker = code.ServiceWorker,
            Modules = modules,
            CompatibilityDate = compatibilityDate,
            CompatibilityFlags = compatibilityFlags,
            Bindings = bindings,
        };
        var bytes = code.Files.ToDictionary(f => f.Name, f => f.Data, StringComparer.Ordinal);
        if (await validator.ValidateAsync(target.Account.Id, target.Name, candidate, bytes, ct) is { } problem)
            throw ScriptErrors.Invalid(problem);
    }

    private async Task<IReadOnlyList<ScriptModule>> StoreAsync(UploadedCode code, CancellationToken ct)
    {
        var modules = new List<ScriptModule>(code.Files.Count);
        foreach (var file in code.Files)
            modules.Add(new ScriptModule(file.Name, file.ContentType!, await blobs.PutAsync(file.Data, ct), file.Data.Length));
        return modules;
    }

    private static Dictionary<string, string> DeploymentAnnotations(string triggeredBy, IReadOnlyDictionary<string, string> versionAnnotations)
    {
        var annotations = new Dictionary<string, string> { ["workers/triggered_by"] = triggeredBy };
        if (versionAnnotations.TryGetValue("workers/message", out var message)) annotations["workers/message"] = message;
        return annotations;
    }
}
