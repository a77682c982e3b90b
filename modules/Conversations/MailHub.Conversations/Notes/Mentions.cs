using System.Globalization;
using System.Text;

namespace MailHub.Conversations.Notes;

/// <summary>
/// The @mentions of a note's text, as the words that may follow each "@": an account (<c>@li.si</c>) or a name, which may
/// have a space (<c>@Li Si</c>) or, in Chinese, run into the sentence (<c>@张三请看一下</c>). Each mention's candidates are
/// given longest first; the directory decides which one names someone. An "@" inside a word (an address) is no mention.
/// </summary>
internal static class Mentions
{
    private const int MaxWords = 3;
    private const int MaxCjkName = 8;

    public static IReadOnlyList<IReadOnlyList<string>> CandidatesOf(string text)
    {
        var mentions = new List<IReadOnlyList<string>>();
        for (var at = text.IndexOf('@'); at >= 0; at = text.IndexOf('@', at + 1))
        {
            if (at > 0 && IsHandleChar(text[at - 1]))
                continue;
            var candidates = new List<string>();
            var words = new StringBuilder();
            var position = at + 1;
            for (var word = 0; word < MaxWords; word++)
            {
                var start = position;
                while (position < text.Length && IsHandleChar(text[position]))
                    position++;
                var run = text[start..position].TrimEnd('.', '-', '_');
                if (run.Length == 0)
                    break;
                if (word > 0)
                    words.Append(' ');
                if (word == 0 && IsCjk(run[0]))
                {
                    // No spaces in Chinese: the name is some prefix of the run.
                    for (var length = Math.Min(run.Length, MaxCjkName); length >= 1; length--)
                        candidates.Add(run[..length]);
                    break;
                }
                words.Append(run);
                candidates.Add(words.ToString());
                if (position >= text.Length || text[position] != ' ')
                    break;
                position++;
            }
            if (candidates.Count > 0)
                mentions.Add([.. candidates.OrderByDescending(c => c.Length)]);
        }
        return mentions;
    }

    private static bool IsHandleChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '_' or '-';

    private static bool IsCjk(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter;
}
