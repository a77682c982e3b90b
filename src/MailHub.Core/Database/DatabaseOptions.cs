namespace MailHub.Core.Database;

/// <summary>Settings under <c>MailHub:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "MailHub:Database";

    /// <summary>Where the embedded PostgreSQL keeps its data; relative paths are under the working directory.</summary>
    public string DataDirectory { get; set; } = Path.Combine(".mailhub", "pgdata");

    /// <summary>The operating-system user that runs the embedded server when MailHub runs as root.</summary>
    public string? ServerUser { get; set; }
}
