namespace MailHub.Routing.Rules;

/// <summary>
/// A rough guess at the language of a text by its script, for conversations that arrive with no
/// language: Japanese kana, Korean hangul, Chinese han, Cyrillic (ru), Arabic, Thai, else Latin (en).
/// </summary>
internal static class LanguageGuess
{
    public static string? Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        int kana = 0, hangul = 0, han = 0, cyrillic = 0, arabic = 0, thai = 0, latin = 0;
        foreach (var c in text)
        {
            switch (c)
            {
                case >= '\u3040' and <= '\u30FF': kana++; break;
                case >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF': hangul++; break;
                case >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF': han++; break;
                case >= '\u0400' and <= '\u04FF': cyrillic++; break;
                case >= '\u0600' and <= '\u06FF': arabic++; break;
                case >= '\u0E00' and <= '\u0E7F': thai++; break;
                case >= 'A' and <= 'Z' or >= 'a' and <= 'z': latin++; break;
            }
        }
        // Kana marks Japanese even in text full of han; han with no kana is Chinese. One han character
        // carries about a word, so it weighs as much as a few Latin letters.
        if (kana > 0)
            return "ja";
        if (hangul > 0)
            return "ko";
        (string Language, int Count)[] scripts = [("zh", han * 4), ("ru", cyrillic), ("ar", arabic), ("th", thai), ("en", latin)];
        var best = scripts.MaxBy(s => s.Count);
        return best.Count > 0 ? best.Language : null;
    }
}
