namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// A piece of a header value for <see cref="HeaderFolder"/>. <see cref="Leading"/> is the whitespace before it, where the
/// folder may break the line (empty: glued to the previous piece). An encoded piece is written as RFC 2047 words sized
/// to the room left on each line; <see cref="Prefix"/> is glued before its first word, <see cref="Suffix"/> after its last.
/// </summary>
internal readonly record struct HeaderToken(string Leading, string Text, bool Encode, string Prefix = "", string Suffix = "")
{
    public static HeaderToken Literal(string text, string leading = " ") => new(leading, text, Encode: false);

    public static HeaderToken Encoded(string text, string leading = " ", string prefix = "", string suffix = "") =>
        new(leading, text, Encode: true, prefix, suffix);
}
