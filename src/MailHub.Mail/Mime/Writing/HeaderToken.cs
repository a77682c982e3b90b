namespace MailHub.Mail.Mime.Writing;

/// <summary>
/// A piece of a header value for <see cref="HeaderFolder"/>. <see cref="Leading"/> is the whitespace before it, where the
/// folder may break the line (empty: glued to the previous piece). An encoded piece is written as RFC 2047 words sized
/// to the room left on each line; <see cref="Prefix"/> is glued before its first word, <see cref="Suffix"/> after its last.
/// <see cref="GroupLength"/>, when set, is the length of this piece and the ones that belong with it (a display name
/// and its address): the folder breaks before the group rather than inside it when the group would fit on a new line.
/// </summary>
internal readonly record struct HeaderToken(string Leading, string Text, bool Encode, string Prefix = "", string Suffix = "")
{
    public int GroupLength { get; init; }

    public static HeaderToken Literal(string text, string leading = " ") => new(leading, text, Encode: false);

    public static HeaderToken Encoded(string text, string leading = " ", string prefix = "", string suffix = "") =>
        new(leading, text, Encode: true, prefix, suffix);
}
