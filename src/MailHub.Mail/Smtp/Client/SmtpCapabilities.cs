namespace MailHub.Mail.Smtp.Client;

/// <summary>What the server announced in its EHLO reply (RFC 5321 §4.1.1.1).</summary>
public sealed class SmtpCapabilities
{
    private readonly Dictionary<string, string> extensions = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> authMechanisms = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the server only answered HELO (no extensions).</summary>
    public bool IsLegacy { get; private init; }

    public IReadOnlyDictionary<string, string> Extensions => extensions;

    public IReadOnlySet<string> AuthMechanisms => authMechanisms;

    /// <summary>SIZE limit in bytes, 0 when unknown or unlimited.</summary>
    public long MaxSize { get; private set; }

    public bool Pipelining => Has("PIPELINING");

    public bool StartTls => Has("STARTTLS");

    public bool EightBitMime => Has("8BITMIME");

    public bool SmtpUtf8 => Has("SMTPUTF8");

    public bool Chunking => Has("CHUNKING");

    public bool Has(string keyword) => extensions.ContainsKey(keyword);

    internal static SmtpCapabilities Legacy() => new() { IsLegacy = true };

    internal static SmtpCapabilities Parse(SmtpReply ehlo)
    {
        var caps = new SmtpCapabilities();
        foreach (var line in ehlo.Lines.Skip(1))
        {
            var parts = line.Trim().Split(' ', 2);
            var keyword = parts[0];
            var args = parts.Length > 1 ? parts[1] : "";
            // Old servers write "AUTH=LOGIN PLAIN".
            if (keyword.StartsWith("AUTH=", StringComparison.OrdinalIgnoreCase))
            {
                args = keyword[5..] + " " + args;
                keyword = "AUTH";
            }
            if (keyword.Length == 0)
                continue;
            caps.extensions[keyword] = caps.extensions.TryGetValue(keyword, out var prev) ? (prev + " " + args).Trim() : args;
            if (keyword.Equals("AUTH", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var m in args.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    caps.authMechanisms.Add(m);
            }
            else if (keyword.Equals("SIZE", StringComparison.OrdinalIgnoreCase) && long.TryParse(args, out var size))
            {
                caps.MaxSize = size;
            }
        }
        return caps;
    }
}
