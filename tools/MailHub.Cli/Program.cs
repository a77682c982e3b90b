using MailHub.Cli;

// The `mailhub` command. Each subcommand lives in Commands/<Name>Command.cs.
return await CommandLine.RunAsync(args);
