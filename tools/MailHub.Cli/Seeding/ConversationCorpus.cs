using System.Globalization;
using System.Text;

namespace MailHub.Cli.Seeding;

internal sealed record SeedPerson(Guid Id, string Name, string Email);

internal sealed record SeedAgent(Guid Id, string Name, Guid TeamId, string TeamName);

internal sealed record SeedMessage(
    Guid Id, string Direction, Guid? InboundMessageId, string RfcMessageId, string? InReplyTo, string? FromAddress, string FromName,
    string? To, string Subject, string Text, DateTimeOffset SentAt, Guid? AuthorId, string? DeliveryState);

internal sealed record SeedConversation(
    Guid Id, long Number, Guid MailboxId, SeedPerson Customer, string Subject, string Status, string ReplyToken, SeedAgent? Assignee,
    Guid? TeamId, string? TeamName, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, DateTimeOffset LastMessageAt,
    IReadOnlyList<SeedMessage> Messages, string Search);

/// <summary>
/// Deterministic conversations for benchmarks: the same seed gives the same rows. Conversation i draws from its
/// own generator, so it can be made again for the second COPY (messages) without holding a million messages in memory.
/// </summary>
internal sealed class ConversationCorpus
{
    /// <summary>As the Conversations read model caps its search column (subject and sender first).</summary>
    private const int MaxSearchLength = 16_000;

    private const int FirstNumber = 1000;
    private const double RareWordRate = 0.005;
    private const string ReplyTokenAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly int _seed;
    private readonly DateTimeOffset _now;
    private readonly int[] _messageCounts;
    private readonly (Guid Id, string Address)[] _mailboxes;
    private readonly SeedAgent[] _agents;
    private readonly (Guid Id, string Name)[] _teams;
    private readonly SeedPerson[] _customers;

    public ConversationCorpus(int seed, int conversations, long messages, DateTimeOffset now)
    {
        if (conversations < 1 || messages < conversations)
            throw new ArgumentException("Give at least one conversation and at least one message per conversation.");
        _seed = seed;
        _now = now;
        var random = new Random(seed);
        _mailboxes = new[] { "support@shop.example.cn", "help@store.example.com", "售后@example.cn", "billing@shop.example.cn",
            "wholesale@store.example.com", "vip@shop.example.cn" }.Select(a => (NewGuid(random), a)).ToArray();
        _teams = WordLists.TeamNames.Select(n => (NewGuid(random), n)).ToArray();
        _agents = Enumerable.Range(0, 30).Select(i =>
        {
            var team = _teams[i % _teams.Length];
            return new SeedAgent(NewGuid(random), PersonName(random, chinese: i % 3 != 0), team.Id, team.Name);
        }).ToArray();
        _customers = Enumerable.Range(0, Math.Max(1, conversations / 3)).Select(i => NewCustomer(random, i)).ToArray();
        _messageCounts = new int[conversations];
        Array.Fill(_messageCounts, 1);
        for (long extra = messages - conversations; extra > 0; extra--)
            _messageCounts[random.Next(conversations)]++;
    }

    public int Count => _messageCounts.Length;

    public long LastNumber => FirstNumber + Count - 1;

    public SeedConversation Conversation(int index)
    {
        var random = new Random(unchecked(_seed * 1_000_003 + index));
        var mailbox = _mailboxes[Skewed(random, _mailboxes.Length, 1.6)];
        var customer = _customers[random.Next(_customers.Length)];
        var chineseCustomer = customer.Name.Length > 0 && customer.Name[0] > 0x2E80;
        var subject = Subject(random, chineseCustomer);

        var (assignee, teamId, teamName) = random.NextDouble() switch
        {
            < 0.75 => Assigned(_agents[Skewed(random, _agents.Length, 1.4)]),
            < 0.85 => Team(_teams[random.Next(_teams.Length)]),
            _ => (null, null, null),
        };

        var openedAt = _now - TimeSpan.FromSeconds(random.NextDouble() * TimeSpan.FromDays(365).TotalSeconds);
        var messages = new List<SeedMessage>(_messageCounts[index]);
        var at = openedAt;
        string? previousId = null;
        for (var m = 0; m < _messageCounts[index]; m++)
        {
            if (m > 0)
                at = Min(at + TimeSpan.FromMinutes(5 + random.NextDouble() * random.NextDouble() * 3 * 24 * 60), _now);
            var direction = m == 0 || random.NextDouble() < 0.5 ? "inbound" : random.NextDouble() < 0.12 ? "note" : "outbound";
            var agent = assignee ?? _agents[random.Next(_agents.Length)];
            var id = NewGuid(random);
            var rfcId = direction == "note" ? null : $"<{id:N}@{(direction == "inbound" ? customer.Email.Split('@')[1] : "mailhub.example")}>";
            messages.Add(new SeedMessage(
                id, direction, direction == "inbound" ? NewGuid(random) : null, rfcId ?? "", direction == "note" ? null : previousId,
                direction switch { "inbound" => customer.Email, "outbound" => mailbox.Address, _ => null },
                direction == "inbound" ? customer.Name : agent.Name,
                direction switch { "inbound" => mailbox.Address, "outbound" => customer.Email, _ => null },
                m == 0 ? subject : "Re: " + subject,
                Body(random, direction, chineseCustomer, customer, agent),
                at, direction == "inbound" ? null : agent.Id, direction == "outbound" ? "sent" : null));
            previousId = rfcId ?? previousId;
        }
        var last = messages[^1].SentAt;
        var status = (_now - last).TotalDays < 30
            ? random.NextDouble() switch { < 0.45 => "open", < 0.7 => "pending", _ => "closed" }
            : random.NextDouble() switch { < 0.1 => "open", < 0.15 => "pending", _ => "closed" };
        DateTimeOffset? closedAt = status == "closed" ? Min(last + TimeSpan.FromHours(random.NextDouble() * 48), _now) : null;
        return new SeedConversation(NewGuid(random), FirstNumber + index, mailbox.Id, customer, subject, status,
            random.GetString(ReplyTokenAlphabet, 10), assignee, teamId, teamName, openedAt, closedAt, last, messages,
            Search(subject, customer, messages));
    }

    // As ConversationListProjection builds it from the opening and the message rows: lower-cased, notes left out, capped.
    private static string Search(string subject, SeedPerson customer, List<SeedMessage> messages)
    {
        var search = new StringBuilder($"{subject} {customer.Name} {customer.Email}");
        foreach (var m in messages.Where(m => m.Direction != "note"))
        {
            search.Append(' ').Append(m.FromName).Append(' ').Append(m.FromAddress).Append(' ').Append(m.Text);
            if (search.Length >= MaxSearchLength)
                break;
        }
        var text = search.ToString().ToLowerInvariant();
        return text.Length > MaxSearchLength ? text[..MaxSearchLength] : text;
    }

    private static (SeedAgent?, Guid?, string?) Assigned(SeedAgent agent) => (agent, agent.TeamId, agent.TeamName);

    private static (SeedAgent?, Guid?, string?) Team((Guid Id, string Name) team) => (null, team.Id, team.Name);

    private static string Subject(Random random, bool chinese) => random.Next(5) switch
    {
        0 => $"订单 {random.Next(100_000, 999_999)} {ChineseWords(random, 2)}",
        1 => $"Order #{random.Next(100_000, 999_999)}: {EnglishWords(random, 3)}",
        2 => $"关于{ChineseWords(random, 2)}的问题 / question about {EnglishWords(random, 2)}",
        _ => chinese ? ChineseWords(random, 3 + random.Next(3)) : Capitalize(EnglishWords(random, 4 + random.Next(4))),
    };

    private static string Body(Random random, string direction, bool chineseCustomer, SeedPerson customer, SeedAgent agent)
    {
        var text = new StringBuilder();
        var chinese = direction == "inbound" ? chineseCustomer : random.NextDouble() < 0.6;
        text.Append(direction == "inbound" ? (chinese ? "您好，" : "Hello, ") : chinese ? $"{customer.Name}，您好！" : $"Dear {customer.Name}, ");
        for (var s = 1 + random.Next(4); s > 0; s--)
        {
            var thisChinese = random.NextDouble() < (chinese ? 0.8 : 0.2);
            text.Append(thisChinese ? ChineseWords(random, 4 + random.Next(6)) + "。" : Capitalize(EnglishWords(random, 6 + random.Next(10))) + ". ");
        }
        if (random.NextDouble() < RareWordRate)
            text.Append(WordLists.Rare[random.Next(WordLists.Rare.Length)]).Append(chinese ? "。" : ". ");
        text.Append(direction == "inbound" ? (chinese ? "谢谢！" : "Thanks, ") + customer.Name : $"\n-- \n{agent.Name} · {agent.TeamName}");
        return text.ToString();
    }

    private static string ChineseWords(Random random, int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => WordLists.Chinese[Skewed(random, WordLists.Chinese.Length, 2.2)]));

    private static string EnglishWords(Random random, int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(_ => WordLists.English[Skewed(random, WordLists.English.Length, 2.2)]));

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>An index below <paramref name="length"/>, the front of the list picked more often the higher the skew.</summary>
    private static int Skewed(Random random, int length, double skew) => Math.Min(length - 1, (int)(length * Math.Pow(random.NextDouble(), skew)));

    private static SeedPerson NewCustomer(Random random, int index)
    {
        var chinese = random.NextDouble() < 0.65;
        string name, local;
        if (chinese)
        {
            var surname = random.Next(WordLists.ChineseSurnames.Length);
            var given = random.Next(WordLists.ChineseGivenNames.Length);
            name = WordLists.ChineseSurnames[surname] + WordLists.ChineseGivenNames[given];
            local = $"{WordLists.ChineseSurnamesPinyin[surname]}.{WordLists.ChineseGivenNamesPinyin[given]}";
        }
        else
        {
            var first = WordLists.LatinFirstNames[random.Next(WordLists.LatinFirstNames.Length)];
            var last = WordLists.LatinLastNames[random.Next(WordLists.LatinLastNames.Length)];
            name = $"{first} {last}";
            local = Ascii($"{first}.{last}");
        }
        var domains = chinese ? WordLists.ChineseDomains : WordLists.LatinDomains;
        var email = string.Create(CultureInfo.InvariantCulture, $"{local}{index}@{domains[random.Next(domains.Length)]}").ToLowerInvariant();
        return new SeedPerson(NewGuid(random), name, email);
    }

    private static string PersonName(Random random, bool chinese) => chinese
        ? WordLists.ChineseSurnames[random.Next(WordLists.ChineseSurnames.Length)] + WordLists.ChineseGivenNames[random.Next(WordLists.ChineseGivenNames.Length)]
        : $"{WordLists.LatinFirstNames[random.Next(WordLists.LatinFirstNames.Length)]} {WordLists.LatinLastNames[random.Next(WordLists.LatinLastNames.Length)]}";

    /// <summary>A mailbox's local part: letters only (é → e, the apostrophe dropped).</summary>
    private static string Ascii(string text) => new(text.Normalize(NormalizationForm.FormD)
        .Where(c => c is '.' || char.IsAsciiLetter(c)).ToArray());

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
