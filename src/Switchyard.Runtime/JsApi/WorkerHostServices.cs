using Switchyard.Runtime.Invocation;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.JsApi;

/// <summary>What one loaded worker's host functions act for: the runtime's services, the worker and the KV namespaces it may use.</summary>
internal sealed record WorkerHostServices(WorkerRuntime Runtime, WorkerRef Worker, DeployedVersion Version, IReadOnlySet<string> KvNamespaces);
