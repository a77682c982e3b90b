using System.Runtime.CompilerServices;
using MailHub.Mail.Mime;

namespace MailHub.Mail.Tests;

/// <summary>
/// The host and the CLI register the mail charsets first thing; tests must too, before any test touches MimeKit:
/// MimeKit resolves its charset table once, and a writing or client test that ran first left the code pages out
/// of it (CharsetsTests then failed, depending on the order the tests ran in).
/// </summary>
internal static class MailEncodingsAtLoad
{
#pragma warning disable CA2255 // A test assembly doing what Program.cs does at start-up, not a library.
    [ModuleInitializer]
    internal static void Register() => MailEncodings.Register();
#pragma warning restore CA2255
}
