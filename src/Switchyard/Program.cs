using System.CommandLine;
using Switchyard.Cli;

var root = new RootCommand("Switchyard: a self-hostable Workers for Platforms")
{
    ServeCommand.Create(),
    AccountCommands.Accounts(),
    AccountCommands.Tokens(),
    SandboxProbeCommand.Create(),
};
VersionAction.Install(root);
return await root.Parse(args).InvokeAsync();
