using System.Diagnostics;

namespace MailHub.Core.Database;

/// <summary>Finds the machine's PostgreSQL server programs (initdb, pg_ctl).</summary>
public static class PostgresBinaries
{
    public const string NotFoundMessage =
        "PostgreSQL was not found on this machine (looked for initdb and pg_ctl on PATH, through " +
        "`pg_config --bindir` and in /usr/lib/postgresql/*/bin). Install it (`apt-get install postgresql`) " +
        "so MailHub can run its embedded database, or set ConnectionStrings:MailHub " +
        "(environment: ConnectionStrings__MailHub) to use an existing PostgreSQL server.";

    /// <summary>The folder that holds initdb and pg_ctl, or null when there is none.</summary>
    public static string? FindBinDirectory() => FindBinDirectory(Candidates());

    /// <summary>The first of <paramref name="candidates"/> that holds initdb and pg_ctl, or null.</summary>
    internal static string? FindBinDirectory(IEnumerable<string> candidates)
    {
        foreach (var dir in candidates)
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                return ResolveLinks(dir);
        }
        return null;
    }

    private static IEnumerable<string> Candidates()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            yield return dir;
        if (PgConfigBinDir() is { } bindir)
            yield return bindir;
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            // Newest major version first.
            foreach (var version in Directory.GetDirectories("/usr/lib/postgresql")
                         .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                yield return Path.Combine(version, "bin");
        }
    }

    // /usr/local/bin/initdb may be a link into /usr/lib/postgresql/NN/bin; use the real folder so
    // postgres, initdb and pg_ctl come from one installation.
    private static string ResolveLinks(string dir)
    {
        var initdb = new FileInfo(Path.Combine(dir, "initdb"));
        var target = initdb.ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? dir : Path.GetDirectoryName(target.FullName) ?? dir;
    }

    private static string? PgConfigBinDir()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
                return null;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no pg_config on PATH
        }
    }
}
