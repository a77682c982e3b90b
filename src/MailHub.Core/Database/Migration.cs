using System.Reflection;
using System.Text.RegularExpressions;

namespace MailHub.Core.Database;

/// <summary>One versioned SQL script of a schema. It runs once, in a transaction, with the schema as search_path.</summary>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    /// <summary>
    /// The scripts embedded in an assembly as <c>Migrations/NNNN_name.sql</c>
    /// (<c>&lt;EmbeddedResource Include="Migrations/*.sql" /&gt;</c>), ordered by number.
    /// </summary>
    public static IReadOnlyList<Migration> FromEmbeddedScripts(Assembly assembly) =>
        assembly.GetManifestResourceNames()
            .Select(name => (name, match: ScriptName().Match(name)))
            .Where(x => x.match.Success)
            .Select(x => new Migration(int.Parse(x.match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), x.match.Groups[2].Value, Read(assembly, x.name)))
            .OrderBy(m => m.Version)
            .ToList();

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\.Migrations\.(\d+)_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();
}
