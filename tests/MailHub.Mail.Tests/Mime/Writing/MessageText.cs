using System.Text;

namespace MailHub.Mail.Tests.Mime.Writing;

/// <summary>Helpers to look at written output: lines, header fields, the limits every line must keep.</summary>
internal static class MessageText
{
    public static string[] Lines(string raw)
    {
        Assert.EndsWith("\r\n", raw, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?<!\r)\n", raw);
        Assert.DoesNotMatch(@"\r(?!\n)", raw);
        return raw[..^2].Split("\r\n");
    }

    /// <summary>Every line at most 998 octets, and at most 78 characters when <paramref name="soft"/>.</summary>
    public static void AssertLineLimits(string raw, bool soft = true)
    {
        foreach (var line in Lines(raw))
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 998, $"line over 998 octets: {line}");
            if (soft)
            {
                Assert.True(line.Length <= 78, $"line over 78 characters ({line.Length}): {line}");
            }
        }
    }

    /// <summary>The header fields of the top-level header section, each with its folds and final CRLF.</summary>
    public static List<string> Fields(string raw)
    {
        var header = raw[..(raw.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 2)];
        var fields = new List<string>();
        foreach (var line in header[..^2].Split("\r\n"))
        {
            if (line.Length > 0 && line[0] is ' ' or '\t')
            {
                fields[^1] += line + "\r\n";
            }
            else
            {
                fields.Add(line + "\r\n");
            }
        }

        return fields;
    }

    public static string? FindField(string raw, string name) =>
        Fields(raw).FirstOrDefault(f => f.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));

    public static string Field(string raw, string name) =>
        FindField(raw, name) ?? throw new Xunit.Sdk.XunitException($"no {name} field in:\n{raw}");
}
