using System.Runtime.InteropServices;

namespace Switchyard.Engine.Interop;

/// <summary>The shim's exports (native/switchyard_v8.h). Context-taking calls run only inside sy_isolate_run.</summary>
internal static unsafe partial class NativeMethods
{
    private const string Library = "libswitchyard_v8.so";

    [LibraryImport(Library, EntryPoint = "sy_initialize", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SyStatus Initialize(string? flags, SyCallbacks* callbacks, byte** error);

    [LibraryImport(Library, EntryPoint = "sy_v8_version")]
    internal static partial byte* V8Version();

    [LibraryImport(Library, EntryPoint = "sy_self_check")]
    internal static partial int SelfCheck(byte* report, int capacity);

    [LibraryImport(Library, EntryPoint = "sy_malloc")]
    internal static partial nint Malloc(long length);

    [LibraryImport(Library, EntryPoint = "sy_free")]
    internal static partial void Free(nint pointer);

    [LibraryImport(Library, EntryPoint = "sy_snapshot_create")]
    internal static partial SyStatus SnapshotCreate(SyValue* names, int count, char* bootstrap, int bootstrapLength,
        char* bootstrapName, int bootstrapNameLength, out nint snapshot, out int length);

    [LibraryImport(Library, EntryPoint = "sy_snapshot_free")]
    internal static partial void SnapshotFree(nint snapshot);

    [LibraryImport(Library, EntryPoint = "sy_isolate_allow_code_generation")]
    public static partial void IsolateAllowCodeGeneration(nint isolate, int allow);

    [LibraryImport(Library, EntryPoint = "sy_cpu_spent")]
    public static partial int CpuSpent(nint isolate);

    [LibraryImport(Library, EntryPoint = "sy_isolate_new")]
    internal static partial nint IsolateNew(SyIsolateOptions* options);

    [LibraryImport(Library, EntryPoint = "sy_isolate_dispose")]
    internal static partial void IsolateDispose(nint isolate);

    [LibraryImport(Library, EntryPoint = "sy_isolate_run")]
    internal static partial void IsolateRun(nint isolate, delegate* unmanaged<nint, void> work, nint state);

    [LibraryImport(Library, EntryPoint = "sy_isolate_terminate")]
    internal static partial void IsolateTerminate(nint isolate);

    [LibraryImport(Library, EntryPoint = "sy_termination_reason")]
    [SuppressGCTransition] // short, never calls back
    internal static partial SyTermination TerminationReason(nint isolate);

    [LibraryImport(Library, EntryPoint = "sy_thread_lower_priority")]
    internal static partial void ThreadLowerPriority();

    [LibraryImport(Library, EntryPoint = "sy_isolate_footprint")]
    [SuppressGCTransition] // an atomic read
    internal static partial long IsolateFootprint(nint isolate);

    [LibraryImport(Library, EntryPoint = "sy_isolate_install_interrupts_carried")]
    [SuppressGCTransition] // an atomic read
    internal static partial long IsolateInstallInterruptsCarried(nint isolate);

    [LibraryImport(Library, EntryPoint = "sy_heap_info_get")]
    internal static partial void HeapInfoGet(nint isolate, SyHeapInfo* info);

    [LibraryImport(Library, EntryPoint = "sy_handle_free")]
    [SuppressGCTransition] // short, never calls back
    internal static partial void HandleFree(nint isolate, int handle);

    [LibraryImport(Library, EntryPoint = "sy_cpu_arm")]
    [SuppressGCTransition] // short, never calls back
    internal static partial void CpuArm(nint isolate, long budgetNs, int resume);

    [LibraryImport(Library, EntryPoint = "sy_cpu_disarm")]
    [SuppressGCTransition] // short, never calls back
    internal static partial int CpuDisarm(nint isolate, long* usedNs);

    [LibraryImport(Library, EntryPoint = "sy_context_new")]
    internal static partial SyStatus ContextNew(nint isolate, SyValue* names, int count, char* bootstrap,
        int bootstrapLength, char* bootstrapName, int bootstrapNameLength, int* context);

    [LibraryImport(Library, EntryPoint = "sy_context_free")]
    internal static partial void ContextFree(nint isolate, int context);

    [LibraryImport(Library, EntryPoint = "sy_exception")]
    internal static partial void Exception(nint isolate, SyExceptionInfo* info);

    [LibraryImport(Library, EntryPoint = "sy_script_run")]
    internal static partial SyStatus ScriptRun(nint isolate, int context, char* source, int sourceLength,
        char* name, int nameLength, SyValue* result);

    internal const int CallSettle = 1;

    [LibraryImport(Library, EntryPoint = "sy_call")]
    internal static partial SyStatus Call(nint isolate, int context, SyValue* function, SyValue* receiver,
        SyValue* args, int argc, int flags, SyValue* result);

    [LibraryImport(Library, EntryPoint = "sy_construct")]
    internal static partial SyStatus Construct(nint isolate, int context, SyValue* constructor, SyValue* args,
        int argc, SyValue* result);

    [LibraryImport(Library, EntryPoint = "sy_get")]
    internal static partial SyStatus Get(nint isolate, int context, SyValue* target, SyValue* key, SyValue* result);

    [LibraryImport(Library, EntryPoint = "sy_get_fields")]
    internal static partial SyStatus GetFields(nint isolate, int context, SyValue* target, SyValue* keys, int count, SyValue* results);

    [LibraryImport(Library, EntryPoint = "sy_set")]
    internal static partial SyStatus Set(nint isolate, int context, SyValue* target, SyValue* key, SyValue* value);

    [LibraryImport(Library, EntryPoint = "sy_global")]
    internal static partial SyStatus Global(nint isolate, int context, SyValue* result);

    [LibraryImport(Library, EntryPoint = "sy_object_new")]
    internal static partial SyStatus ObjectNew(nint isolate, int context, SyValue* result);

    [LibraryImport(Library, EntryPoint = "sy_json_parse")]
    internal static partial SyStatus JsonParse(nint isolate, int context, char* json, int length, SyValue* result);

    [LibraryImport(Library, EntryPoint = "sy_json_stringify")]
    internal static partial SyStatus JsonStringify(nint isolate, int context, SyValue* value, SyValue* result);

    [LibraryImport(Library, EntryPoint = "sy_buffer_new")]
    internal static partial SyStatus BufferNew(nint isolate, int context, SyKind kind, nint data, long length,
        SyValue* result);

    [LibraryImport(Library, EntryPoint = "sy_promise_new")]
    internal static partial SyStatus PromiseNew(nint isolate, int context, SyValue* promise, int* resolver);

    [LibraryImport(Library, EntryPoint = "sy_promise_settle")]
    internal static partial SyStatus PromiseSettle(nint isolate, int context, int resolver, int reject,
        SyValue* value);

    [LibraryImport(Library, EntryPoint = "sy_promise_await")]
    internal static partial SyStatus PromiseAwait(nint isolate, int context, SyValue* promise, int awaitId);

    [LibraryImport(Library, EntryPoint = "sy_context_continuation_functions")]
    internal static partial SyStatus ContextContinuationFunctions(nint isolate, int context, SyValue* get, SyValue* set);

    [LibraryImport(Library, EntryPoint = "sy_module_compile")]
    internal static partial SyStatus ModuleCompile(nint isolate, int context, char* name, int nameLength,
        char* source, int sourceLength, int* module);

    [LibraryImport(Library, EntryPoint = "sy_module_synthetic")]
    internal static partial SyStatus ModuleSynthetic(nint isolate, int context, char* name, int nameLength,
        SyValue* exportNames, SyValue* exportValues, int count, int* module);

    [LibraryImport(Library, EntryPoint = "sy_module_request_count")]
    internal static partial int ModuleRequestCount(nint isolate, int module);

    [LibraryImport(Library, EntryPoint = "sy_module_request")]
    internal static partial void ModuleRequest(nint isolate, int context, int module, int index, SyValue* specifier);

    [LibraryImport(Library, EntryPoint = "sy_module_instantiate")]
    internal static partial SyStatus ModuleInstantiate(nint isolate, int context, int module);

    [LibraryImport(Library, EntryPoint = "sy_module_evaluate")]
    internal static partial SyStatus ModuleEvaluate(nint isolate, int context, int module, SyValue* result);

    [LibraryImport(Library, EntryPoint = "sy_module_namespace")]
    internal static partial SyStatus ModuleNamespace(nint isolate, int context, int module, SyValue* result);
}
