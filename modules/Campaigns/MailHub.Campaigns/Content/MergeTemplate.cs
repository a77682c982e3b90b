using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;

namespace MailHub.Campaigns.Content;

/// <summary>A template that does not parse: where and why, in the engine's words.</summary>
internal sealed class MergeTemplateException(string message) : Exception(message);

/// <summary>
/// A campaign's subject, HTML or text with merge fields, in Liquid (Fluid): <c>{{ name }}</c>, <c>{{ email }}</c>, any
/// custom field of the list, <c>{{ name | default: "customer" }}</c>, <c>{{ unsubscribe_url }}</c>. Only the values given
/// are reachable (no .NET members). HTML output is HTML-encoded (a name with &lt; stays text); text and subject are not.
/// </summary>
internal sealed partial class MergeTemplate
{
    private static readonly FluidParser Parser = new();
    private static readonly AsyncLocal<HashSet<string>?> Missing = new();
    private static readonly TextEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly TemplateOptions Options = CreateOptions();

    private readonly IFluidTemplate _template;
    private readonly string _source;

    private MergeTemplate(IFluidTemplate template, string source)
    {
        _template = template;
        _source = source;
    }

    public static MergeTemplate Parse(string source)
    {
        if (!Parser.TryParse(source, out var template, out var error))
            throw new MergeTemplateException(error);
        return new MergeTemplate(template, source);
    }

    public static bool TryParse(string source, out string? error)
    {
        var parsed = Parser.TryParse(source, out _, out var message);
        error = parsed ? null : message;
        return parsed;
    }

    /// <summary>Renders with <paramref name="values"/>; <paramref name="missing"/> collects the variables used that it lacks (no default filter).</summary>
    public string Render(IReadOnlyDictionary<string, string> values, bool html, ISet<string>? missing = null)
    {
        var context = new TemplateContext(Options);
        foreach (var (key, value) in values)
            context.SetValue(key, new StringValue(value));
        var collected = missing is null ? null : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Missing.Value = collected;
        try
        {
            var output = _template.Render(context, html ? Html : NullEncoder.Default);
            if (collected is not null)
            {
                foreach (var name in collected.Where(n => !HasDefault(n)))
                    missing!.Add(name);
            }
            return output;
        }
        finally
        {
            Missing.Value = null;
        }
    }

    /// <summary>Whether every use of the variable has a default filter (<c>{{ name | default: "x" }}</c>), so lacking it is fine.</summary>
    private bool HasDefault(string name)
    {
        var uses = Regex.Matches(_source, @"\{\{-?\s*" + Regex.Escape(name) + @"\s*(\|[^}]*)?-?\}\}", RegexOptions.IgnoreCase);
        return uses.Count > 0 && uses.All(u => DefaultFilter().IsMatch(u.Groups[1].Value));
    }

    [GeneratedRegex(@"^\|\s*default\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex DefaultFilter();

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { ModelNamesComparer = StringComparer.OrdinalIgnoreCase, MaxSteps = 100_000 };
        options.Undefined = name =>
        {
            Missing.Value?.Add(name);
            return ValueTask.FromResult<FluidValue>(NilValue.Instance);
        };
        return options;
    }
}
