namespace MailHub.Conversations.Tests.Composer;

/// <summary>The conversations host with an undo window long enough that a test's steps always fall inside it.</summary>
public sealed class ComposerHost : ConversationsHost
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(2);

    public ComposerHost() => Settings["MailHub:Conversations:UndoWindow"] = Window.ToString();
}
