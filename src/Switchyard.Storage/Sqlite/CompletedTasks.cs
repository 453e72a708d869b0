namespace Switchyard.Storage.Sqlite;

/// <summary>
/// The async store interfaces over SQLite's synchronous API: a local SQLite statement is done before a thread switch
/// would be, so the work runs inline and its result, or its exception, is handed back as a completed task (callers that
/// must not block, such as an isolate's thread, move it off with Task.Run themselves).
/// </summary>
internal static class CompletedTasks
{
    public static Task<T> Run<T>(Func<T> work)
    {
        try { return Task.FromResult(work()); }
        catch (Exception e) { return Task.FromException<T>(e); }
    }

    public static Task Run(Action work)
    {
        try
        {
            work();
            return Task.CompletedTask;
        }
        catch (Exception e) { return Task.FromException(e); }
    }
}
