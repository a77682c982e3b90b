using System.Reflection;
using System.Xml.Linq;

namespace MailHub.ArchitectureTests;

public sealed class ArchitectureTests
{
    private static readonly string Root = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MailHub.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("MailHub.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>modules/&lt;Name&gt;/MailHub.&lt;Name&gt;/MailHub.&lt;Name&gt;.csproj, and the contracts beside it.</summary>
    private static IReadOnlyDictionary<string, string> ProjectFiles() =>
        (Directory.Exists(Path.Combine(Root, "modules"))
            ? Directory.GetFiles(Path.Combine(Root, "modules"), "*.csproj", SearchOption.AllDirectories)
            : [])
            .Append(Path.Combine(Root, "src", "MailHub.Mail", "MailHub.Mail.csproj"))
            .ToDictionary(path => Path.GetFileNameWithoutExtension(path), path => path);

    private static HashSet<string> ModuleNames(IEnumerable<string> projects) =>
        projects.Where(p => p.StartsWith("MailHub.", StringComparison.Ordinal) && p != "MailHub.Mail" && !p.EndsWith(".Contracts", StringComparison.Ordinal)).ToHashSet();

    [Fact]
    public void Project_references_keep_to_the_module_boundaries()
    {
        var projects = ProjectFiles();
        var modules = ModuleNames(projects.Keys);
        var violations = projects.SelectMany(project =>
            ModuleBoundaries.Violations(project.Key, ProjectReferences(project.Value), modules)
                .Select(reference => $"{project.Key} references {reference}")).ToList();

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void Compiled_assemblies_keep_to_the_module_boundaries()
    {
        var projects = ProjectFiles();
        var modules = ModuleNames(projects.Keys);
        var violations = new List<string>();
        foreach (var name in projects.Keys)
        {
            var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
            Assert.True(File.Exists(path), $"{name}.dll is not beside the tests: reference it from MailHub.Host so it is built and checked.");
            var references = Assembly.LoadFrom(path).GetReferencedAssemblies().Select(a => a.Name!);
            violations.AddRange(ModuleBoundaries.Violations(name, references, modules).Select(r => $"{name} uses {r}"));
        }
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_rules_catch_a_module_reaching_into_another()
    {
        var modules = new HashSet<string> { "MailHub.Channels", "MailHub.Conversations" };

        Assert.Equal(["MailHub.Channels"], ModuleBoundaries.Violations("MailHub.Conversations", ["MailHub.Core", "MailHub.Channels"], modules));
        Assert.Empty(ModuleBoundaries.Violations("MailHub.Conversations", ["MailHub.Core", "MailHub.Mail", "MailHub.Channels.Contracts", "System.Runtime"], modules));
        Assert.Equal(["MailHub.Core"], ModuleBoundaries.Violations("MailHub.Mail", ["System.Runtime", "MailHub.Core"], modules));
        Assert.Equal(["MailHub.Channels"], ModuleBoundaries.Violations("MailHub.Conversations.Contracts", ["MailHub.Channels"], modules));
        Assert.Equal(["MimeKit", "SmtpServer"], ModuleBoundaries.Violations("MailHub.Channels.Contracts", ["MailHub.Core", "MimeKit", "System.Runtime", "SmtpServer"], modules));
        Assert.Empty(ModuleBoundaries.Violations("MailHub.Mail", ["MimeKit", "MailKit", "SmtpServer"], modules));
    }

    private static IEnumerable<string> ProjectReferences(string csproj) =>
        XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')));
}
