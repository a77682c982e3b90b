using System.Text;
using MailHub.Mail.Mime.Writing;

namespace MailHub.Mail.Tests.Mime.Writing;

public sealed class EncodedWordTests
{
    [Fact]
    public void Mostly_ascii_text_is_q_encoded_with_underscores_for_spaces()
    {
        Assert.Equal(["=?utf-8?Q?Caf=C3=A9_au_lait?="], EncodedWordEncoder.Encode("Café au lait"));
    }

    [Fact]
    public void Chinese_text_is_b_encoded_because_q_would_triple_every_byte()
    {
        Assert.Equal(["=?utf-8?B?6K6i5Y2V5bey5Y+R6LSn?="], EncodedWordEncoder.Encode("订单已发货"));
    }

    [Fact]
    public void Characters_that_mean_something_in_a_phrase_are_q_encoded()
    {
        Assert.Equal(["=?utf-8?Q?Support_team_of_Jos=C3=A9_Jan=2C_x?="], EncodedWordEncoder.Encode("Support team of José Jan, x"));
        Assert.Equal("\"José, Jan\" <x>?=_", WordDecoder.DecodeWords(string.Concat(EncodedWordEncoder.Encode("\"José, Jan\" <x>?=_"))));
    }

    [Theory]
    [InlineData("订单")]
    [InlineData("Grüße aus München, viele Grüße und noch mehr Grüße aus der schönen Stadt")]
    [InlineData("emoji 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀 end")]
    [InlineData("이것은 한국어 제목입니다 이것은 한국어 제목입니다 이것은 한국어 제목입니다")]
    public void Long_text_splits_into_words_of_at_most_75_characters_that_each_decode_on_their_own(string text)
    {
        var words = EncodedWordEncoder.Encode(text + text + text).ToList();

        Assert.All(words, word => Assert.InRange(word.Length, 1, 75));
        // A word that split a UTF-8 sequence would not decode to whole characters by itself.
        Assert.All(words, word => Assert.DoesNotContain('\uFFFD', WordDecoder.DecodeWords(word)));
        Assert.Equal(text + text + text, string.Concat(words.Select(WordDecoder.DecodeWords)));
    }

    [Fact]
    public void A_word_never_splits_a_surrogate_pair()
    {
        var index = 0;
        // 20 characters leave room for 6 bytes: "abc" and the 4-byte emoji do not fit together.
        var word = EncodedWordEncoder.TakeWord("abc😀", ref index, base64: true, maxLength: 20);

        Assert.Equal("=?utf-8?B?YWJj?=", word);
        Assert.Equal(3, index);
        var second = EncodedWordEncoder.TakeWord("abc😀", ref index, base64: true, maxLength: 20);
        Assert.Equal("😀", Encoding.UTF8.GetString(Convert.FromBase64String(second[10..^2])));
        Assert.Equal(5, index);
    }
}
