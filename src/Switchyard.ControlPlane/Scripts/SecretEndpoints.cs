using System.Text.Json.Nodes;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Scripts.Bindings;
using Switchyard.ControlPlane.Scripts.Upload;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>
/// Secrets are <c>secret_text</c> bindings: setting or deleting one derives and deploys a new version (as on
/// Cloudflare), and values are never returned. A name already used by a binding of another type is refused.
/// <c>PATCH /secrets-bulk</c> is a JSON merge patch: <c>{"secrets":{"NAME":{…}|null}}</c>, one version for all.
/// </summary>
public static class SecretEndpoints
{
    public static void Map(RouteGroupBuilder script)
    {
        script.MapGet("/secrets", async (HttpContext ctx, IScriptStore scripts) =>
        {
            var s = await ScriptLocation.RequireScriptAsync(ctx, scripts);
            return ApiResults.Ok(Secrets((await ScriptEndpoints.LiveAsync(scripts, s)).Content));
        });

        script.MapPut("/secrets", async (HttpContext ctx, IScriptStore scripts, ScriptDeployer deployer) =>
        {
            var target = await ScriptLocation.ResolveAsync(ctx);
            var body = await RequestBody.ReadJsonAsync<JsonNode>(ctx.Request, ctx.RequestAborted) as JsonObject
                       ?? throw ScriptErrors.Invalid("The body must be a JSON object {name, text, type}");
            var secret = ParseSecret(body, null);
            await deployer.DeriveAsync(ctx, target, "secret", live => live with { Bindings = Upsert(live.Bindings, [secret]) });
            return ApiResults.Ok(new { name = secret.Name, type = BindingTypes.SecretText });
        });

        script.MapGet("/secrets/{secret_name}", async (HttpContext ctx, IScriptStore scripts, string secret_name) =>
        {
            var s = await ScriptLocation.RequireScriptAsync(ctx, scripts);
            var secret = (await ScriptEndpoints.LiveAsync(scripts, s)).Content.Bindings.OfType<SecretTextBinding>().FirstOrDefault(b => b.Name == secret_name)
                         ?? throw NotFound(secret_name, s.Name);
            return ApiResults.Ok(new { name = secret.Name, type = BindingTypes.SecretText });
        });

        script.MapDelete("/secrets/{secret_name}", async (HttpContext ctx, IScriptStore scripts, ScriptDeployer deployer, string secret_name) =>
        {
            var target = await ScriptLocation.ResolveAsync(ctx);
            await target.RequireAsync(scripts);
            await deployer.DeriveAsync(ctx, target, "secret", live => live with
            {
                Bindings = live.Bindings.Any(b => b is SecretTextBinding && b.Name == secret_name)
                    ? live.Bindings.Where(b => !(b is SecretTextBinding && b.Name == secret_name)).ToList()
                    : throw NotFound(secret_name, target.Name),
            });
            return ApiResults.Ok(null);
        });

        script.MapPatch("/secrets-bulk", async (HttpContext ctx, IScriptStore scripts, ScriptDeployer deployer) =>
        {
            var target = await ScriptLocation.ResolveAsync(ctx);
            var body = await RequestBody.ReadJsonAsync<JsonNode>(ctx.Request, ctx.RequestAborted) as JsonObject
                       ?? throw ScriptErrors.Invalid("The body must be a JSON object {\"secrets\": {...}}");
            var secrets = new JsonFields(body, "").Object("secrets") ?? throw ScriptErrors.Invalid("'secrets' is required and must be an object");
            var put = new List<SecretTextBinding>();
            var delete = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, value) in secrets)
            {
                if (value is null) { delete.Add(name); continue; }
                put.Add(ParseSecret(value as JsonObject ?? throw ScriptErrors.Invalid($"secrets.{name} must be an object or null"), name));
            }
            var result = await deployer.DeriveAsync(ctx, target, "secret", live => live with
            {
                Bindings = Upsert(live.Bindings.Where(b => !(b is SecretTextBinding && delete.Contains(b.Name))).ToList(), put),
            });
            return ApiResults.Ok(Secrets(result.Version.Content));
        });
    }

    private static List<object> Secrets(VersionContent content) =>
        content.Bindings.OfType<SecretTextBinding>().Select(b => (object)new { name = b.Name, type = BindingTypes.SecretText }).ToList();

    /// <summary>A secret from <c>{name, text, type:"secret_text"}</c>; in a bulk patch the key names it.</summary>
    private static SecretTextBinding ParseSecret(JsonObject body, string? key)
    {
        var f = new JsonFields(body, key is null ? "" : $"secrets.{key}");
        var name = f.String("name") ?? key ?? throw ScriptErrors.Invalid("'name' is required");
        if (key is not null && name != key) throw ScriptErrors.Invalid($"secrets.{key}.name must be '{key}' or absent");
        if (BindingParser.NameProblem(name) is { } problem) throw ScriptErrors.Invalid(problem);
        var type = f.String("type") ?? BindingTypes.SecretText;
        if (type != BindingTypes.SecretText)
            throw ScriptErrors.Invalid($"Secret '{name}' has the unsupported type '{type}'; only secret_text is supported");
        var text = f.String("text") ?? throw ScriptErrors.Invalid($"Secret '{name}' needs a 'text' value");
        return new SecretTextBinding(name, BindingParser.Variable(name, text));
    }

    /// <summary>Sets secrets, replacing secrets of the same name; a name bound to something else is refused.</summary>
    private static List<WorkerBinding> Upsert(IReadOnlyList<WorkerBinding> bindings, IReadOnlyList<SecretTextBinding> secrets)
    {
        var result = bindings.ToList();
        foreach (var secret in secrets)
        {
            var index = result.FindIndex(b => b.Name == secret.Name);
            if (index < 0) result.Add(secret);
            else if (result[index] is SecretTextBinding) result[index] = secret;
            else throw ScriptErrors.Invalid($"'{secret.Name}' is already bound as a {result[index].Type} binding; a secret cannot share its name");
        }
        return result;
    }

    private static ApiException NotFound(string secret, string script) =>
        ApiException.NotFound(ScriptErrors.SecretNotFound, $"Worker '{script}' has no secret named '{secret}'");
}
