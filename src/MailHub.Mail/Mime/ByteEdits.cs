namespace MailHub.Mail.Mime;

/// <summary>One rewrite of the raw message: at Offset, Remove bytes are replaced by Insert.</summary>
internal readonly record struct ByteEdit(long Offset, int Remove, byte[] Insert);

/// <summary>Applies byte fix-ups to a copy of the message (only when a repair found something: rare).</summary>
internal static class ByteEdits
{
    /// <summary>The bytes of <paramref name="content"/> from <paramref name="start"/>, with the edits (offsets in the stream) applied.</summary>
    public static byte[] Apply(Stream content, long start, List<ByteEdit> edits)
    {
        content.Position = start;
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        var bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);
        edits.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        using var result = new MemoryStream(bytes.Length + 64);
        var at = 0;
        foreach (var edit in edits)
        {
            var offset = (int)(edit.Offset - start);
            if (offset < at || offset > bytes.Length)
                continue; // overlapping or out of range: keep the first
            result.Write(bytes[at..offset]);
            result.Write(edit.Insert);
            at = Math.Min(bytes.Length, offset + edit.Remove);
        }
        result.Write(bytes[at..]);
        return result.ToArray();
    }

    /// <summary>The line break the message uses before <paramref name="offset"/> (CRLF or LF).</summary>
    public static byte[] LineBreakBefore(Stream content, long offset)
    {
        if (offset < 2)
            return "\n"u8.ToArray();
        var position = content.Position;
        content.Position = offset - 2;
        var cr = content.ReadByte() == '\r';
        content.Position = position;
        return cr ? "\r\n"u8.ToArray() : "\n"u8.ToArray();
    }
}
