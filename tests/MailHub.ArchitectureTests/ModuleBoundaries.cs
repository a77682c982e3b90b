namespace MailHub.ArchitectureTests;

/// <summary>The rules: who may reference what. Pure, so the rules themselves are tested too.</summary>
public static class ModuleBoundaries
{
    private static readonly HashSet<string> MailLibraries = ["MimeKit", "MailKit", "SmtpServer"];

    /// <summary>
    /// The references of <paramref name="assembly"/> that break the rules, given the names of the
    /// module assemblies (<c>MailHub.Channels</c>, ...). A module may use Core, Mail, its own contracts and
    /// other modules' contracts; contracts may use Core and other contracts, and no mail library (their types
    /// are the modules' public language, so a MimeKit, MailKit or SmtpServer type must not leak through them);
    /// Mail uses nothing of the repo.
    /// </summary>
    public static IReadOnlyList<string> Violations(string assembly, IEnumerable<string> references, IReadOnlySet<string> modules)
    {
        var ours = references.Where(r => r.StartsWith("MailHub.", StringComparison.Ordinal) || r == "mailhub").ToList();
        if (assembly == "MailHub.Mail")
            return ours;
        if (modules.Contains(assembly))
            return ours.Where(r => r is not ("MailHub.Core" or "MailHub.Mail") && !IsContracts(r)).ToList();
        if (IsContracts(assembly))
            return ours.Where(r => r != "MailHub.Core" && !IsContracts(r)).Concat(references.Where(MailLibraries.Contains)).ToList();
        return [];
    }

    // A module's contracts may exist before the module does (Conversations' events came first).
    private static bool IsContracts(string name) =>
        name.StartsWith("MailHub.", StringComparison.Ordinal) && name.EndsWith(".Contracts", StringComparison.Ordinal);
}
