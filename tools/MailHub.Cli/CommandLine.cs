namespace MailHub.Cli;

internal static class CommandLine
{
    // name → (one-line help, handler). Add a subcommand by adding a line here.
    private static readonly Dictionary<string, (string Help, Func<string[], Task<int>> Run)> Commands = new()
    {
        ["parse"] = ("read messages (.eml files or folders) as MailHub does; --jsonl for one JSON object per message", global::MailHub.Cli.Commands.ParseCommand.RunAsync),
        ["bench"] = ("bench parse <folder> [--seconds N]: parsing throughput", global::MailHub.Cli.Commands.BenchCommand.RunAsync),
        ["check"] = ("test an IMAP, POP3 or SMTP account step by step", global::MailHub.Cli.Commands.CheckCommand.RunAsync),
        ["fetch"] = ("download every INBOX message over IMAP or POP3 as .eml files", global::MailHub.Cli.Commands.FetchCommand.RunAsync),
        ["seed"] = ("seed conversations --connection CS --conversations N --messages N: generated mail for benchmarks (COPY)", global::MailHub.Cli.Commands.SeedCommand.RunAsync),
        ["rebuild"] = ("rebuild --connection CS: replay the event streams into the conversations read model", global::MailHub.Cli.Commands.RebuildCommand.RunAsync),
        ["sandbox"] = ("sandbox wait --to ADDRESS | sandbox chaos show|set|clear: the QA sandbox of a running MailHub (--url, --token)", global::MailHub.Cli.Commands.SandboxCommand.RunAsync),
        ["bench-api"] = ("bench-api conversations --url U --email E --password P: list/search latency through the host", global::MailHub.Cli.Commands.BenchApiCommand.RunAsync),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help" || !Commands.TryGetValue(args[0], out var command))
        {
            if (args.Length > 0 && args[0] is not ("-h" or "--help" or "help"))
                await Console.Error.WriteLineAsync($"mailhub: unknown command '{args[0]}'.");
            Console.WriteLine("usage: mailhub <command> [options]");
            foreach (var (name, (help, _)) in Commands)
                Console.WriteLine($"  {name,-8} {help}");
            return args.Length == 0 || args[0] is "-h" or "--help" or "help" ? 0 : 2;
        }
        return await command.Run(args[1..]);
    }
}
