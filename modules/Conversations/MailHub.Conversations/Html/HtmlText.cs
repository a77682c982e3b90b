using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace MailHub.Conversations.Html;

/// <summary>The readable text of an HTML body, for messages without a text part (search, snippets, quoting).</summary>
internal static class HtmlText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "hr",
    };

    public static string From(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        if (document.Body is null)
            return "";
        var text = new StringBuilder();
        Append(document.Body, text);
        return string.Join('\n', text.ToString().Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));
    }

    private static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t)
            {
                text.Append(t.Data.Replace('\n', ' '));
            }
            else if (child is IElement e && e.LocalName is not ("script" or "style" or "head" or "title"))
            {
                var block = Blocks.Contains(e.LocalName);
                if (block)
                    text.Append('\n');
                Append(e, text);
                if (block)
                    text.Append('\n');
            }
        }
    }
}
