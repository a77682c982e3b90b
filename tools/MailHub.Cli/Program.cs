using MailHub.Cli;

// The `mailhub` command. Each subcommand lives in Commands/<Name>Command.cs.
// Before MimeKit first looks a charset up: gb2312, Big5 (ETEN) and the other mail charsets.
MailHub.Mail.Mime.MailEncodings.Register();
return await CommandLine.RunAsync(args);
