using System.CommandLine;
using Switchyard.Hosting;
using Switchyard.Storage;

namespace Switchyard.Cli;

/// <summary>The <c>--data</c> and <c>--postgres</c> options of a command that works on the stored state directly.</summary>
internal sealed class StorageArguments
{
    public Option<string> Data { get; } = CommonOptions.Data();
    public Option<string?> Postgres { get; } = CommonOptions.Postgres();

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Postgres);
    }

    public IStorage Open(ParseResult parse) => StorageFactory.Open(parse.GetValue(Postgres), parse.GetValue(Data)!);
}
