using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts.Bindings;

/// <summary>
/// A binding as requested by an upload or a settings change: a concrete <see cref="Value"/>, or
/// <c>{"type":"inherit"}</c> — take the binding called <see cref="InheritFrom"/> from the live version.
/// </summary>
public sealed record BindingSpec(string Name, WorkerBinding? Value, string? InheritFrom)
{
    public const string InheritType = "inherit";
}
