using System.Text;

namespace MailHub.Mail.Net;

/// <summary>Writes protocol lines to the endpoint's log callback; callers pass the redacted form of secrets.</summary>
internal sealed class ProtocolLog(Action<string>? sink)
{
    public bool Enabled => sink is not null;

    public void Client(string line) => sink?.Invoke("C: " + line);

    public void Server(string line) => sink?.Invoke("S: " + line);

    public void Server(ReadOnlySpan<byte> line)
    {
        if (sink is null)
            return;
        sink("S: " + Encoding.UTF8.GetString(line).TrimEnd('\r', '\n'));
    }

    public void Note(string text) => sink?.Invoke("-- " + text);
}
