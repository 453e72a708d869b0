namespace Switchyard.Runtime.Telemetry;

/// <summary>Receives worker console output (register several: each gets every entry).</summary>
public interface IWorkerLogSink
{
    void Write(WorkerLogEntry entry);
}
