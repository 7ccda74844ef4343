using System;
using System.Linq;
using System.Text;
using System.Web;
using MistralTemplates.Webhooks;

namespace MistralTemplates.Tests.Webhooks;

public sealed class SignalSignatureTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private readonly string _secret = SignalSignature.NewSecret();

    [Fact]
    public void A_signature_verifies_for_exactly_the_stack_resource_and_expiry_it_was_made_for()
    {
        var signature = SignalSignature.Compute(_secret, "prod", "workflow", null);

        Assert.Equal(SignatureCheck.Valid, SignalSignature.Verify(_secret, "prod", "workflow", null, signature, Now));
        Assert.Equal(SignatureCheck.Mismatch, SignalSignature.Verify(_secret, "prod2", "workflow", null, signature, Now));
        Assert.Equal(SignatureCheck.Mismatch, SignalSignature.Verify(_secret, "prod", "workflow2", null, signature, Now));
        Assert.Equal(SignatureCheck.Mismatch, SignalSignature.Verify(_secret, "prod", "workflow", Now.ToUnixTimeSeconds() + 60, signature, Now));
        Assert.Equal(SignatureCheck.Mismatch, SignalSignature.Verify(SignalSignature.NewSecret(), "prod", "workflow", null, signature, Now));
    }

    [Fact]
    public void Moving_characters_between_the_stack_and_the_resource_does_not_keep_the_signature()
    {
        var signature = SignalSignature.Compute(_secret, "ab", "c", null);

        Assert.Equal(SignatureCheck.Mismatch, SignalSignature.Verify(_secret, "a", "bc", null, signature, Now));
    }

    [Fact]
    public void Changing_any_one_character_of_the_signature_is_a_mismatch()
    {
        var signature = SignalSignature.Compute(_secret, "prod", "workflow", null);
        Assert.Equal(43, signature.Length);   // 32 bytes, base64url without padding

        // First and last byte alike: the comparison runs over the whole MAC (FixedTimeEquals), not up to the first difference.
        for (var i = 0; i < signature.Length - 1; i++)
        {
            var tampered = signature[..i] + (signature[i] == 'A' ? 'B' : 'A') + signature[(i + 1)..];
            Assert.Equal(SignatureCheck.Mismatch, SignalSignature.Verify(_secret, "prod", "workflow", null, tampered, Now));
        }
    }

    [Fact]
    public void An_expiring_signature_holds_until_its_second_and_fails_after()
    {
        var expires = Now.ToUnixTimeSeconds();
        var signature = SignalSignature.Compute(_secret, "prod", "workflow", expires);

        Assert.Equal(SignatureCheck.Valid, SignalSignature.Verify(_secret, "prod", "workflow", expires, signature, Now));
        Assert.Equal(SignatureCheck.Expired, SignalSignature.Verify(_secret, "prod", "workflow", expires, signature, Now.AddSeconds(1)));
        Assert.Equal(SignatureCheck.Mismatch, SignalSignature.Verify(_secret, "prod", "workflow", null, signature, Now));
    }

    [Fact]
    public void Only_the_canonical_encoding_of_a_signature_is_taken()
    {
        var signature = SignalSignature.Compute(_secret, "prod", "workflow", null);
        Assert.Equal(SignatureCheck.Valid, SignalSignature.Verify(_secret, "prod", "workflow", null, signature, Now));

        // The last character carries two spare bits: three other characters decode to the same 32 bytes.
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = Alphabet.IndexOf(signature[^1], StringComparison.Ordinal);
        var sameBytes = Enumerable.Range(0, 4).Select(spare => Alphabet[(last & ~3) | spare]).Where(c => c != signature[^1]).ToList();
        Assert.Equal(3, sameBytes.Count);
        foreach (var variant in sameBytes)
            Assert.Equal(SignatureCheck.Malformed, SignalSignature.Verify(_secret, "prod", "workflow", null, signature[..^1] + variant, Now));

        string[] padded = [signature + "=", signature + "==", " " + signature, signature[..20] + " " + signature[20..],
            Convert.ToBase64String(Base64UrlDecode(signature))];
        foreach (var variant in padded)
        {
            Assert.Equal(SignatureCheck.Malformed, SignalSignature.Verify(_secret, "prod", "workflow", null, variant, Now));
            Assert.Equal(SignatureCheck.Malformed, SignalSignature.CheckForm(variant));
        }
        Assert.Equal(SignatureCheck.Valid, SignalSignature.CheckForm(signature));
    }

    private static byte[] Base64UrlDecode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    [Theory]
    [InlineData(null, SignatureCheck.Missing)]
    [InlineData("", SignatureCheck.Missing)]
    [InlineData("not base64url!", SignatureCheck.Malformed)]
    [InlineData("AAAA", SignatureCheck.Malformed)]
    public void A_missing_or_malformed_signature_is_refused_before_any_comparison(string? signature, SignatureCheck expected) =>
        Assert.Equal(expected, SignalSignature.Verify(_secret, "prod", "workflow", null, signature, Now));

    [Fact]
    public void A_secret_is_32_random_bytes()
    {
        var secret = SignalSignature.NewSecret();
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(secret).Length);
        Assert.NotEqual(secret, SignalSignature.NewSecret());
        Assert.Throws<ArgumentException>(() => SignalSignature.Compute("c2hvcnQ", "prod", "workflow", null));
    }

    [Fact]
    public void The_url_carries_the_escaped_names_the_expiry_and_the_signature_under_the_public_base()
    {
        var webhook = new StackWebhook("prod", _secret, PublicUrl.Parse("https://hooks.example.com/base"));

        var url = webhook.SignalUrl("my workflow", Now);

        Assert.Equal("https://hooks.example.com/base/v1/signals/prod/my%20workflow", url.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), query["expires"]);
        Assert.Equal(SignatureCheck.Valid, SignalSignature.Verify(_secret, "prod", "my workflow", Now.ToUnixTimeSeconds(), query["signature"], Now));
        Assert.DoesNotContain("expires", webhook.SignalUrl("workflow").Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://hooks.example.com")]
    [InlineData("hooks.example.com")]
    [InlineData("http://hooks.example.com/?a=1")]
    public void A_public_url_must_be_plain_http(string text) =>
        Assert.Contains("is not an http(s) URL", Assert.Throws<ArgumentException>(() => PublicUrl.Parse(text)).Message);

    [Fact]
    public void A_delivery_id_is_the_same_for_the_same_request_in_the_same_window_only()
    {
        var stackId = Guid.NewGuid();
        var body = Encoding.UTF8.GetBytes("""{"current": "alarm"}""");
        var window = TimeSpan.FromSeconds(60);
        var start = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000 / 60 * 60);
        var id = DeliveryId.Of(stackId, "prod", "workflow", body, start, window);

        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal(id, DeliveryId.Of(stackId, "prod", "workflow", body, start.AddSeconds(59), window));
        Assert.NotEqual(id, DeliveryId.Of(stackId, "prod", "workflow", body, start.AddSeconds(60), window));
        Assert.NotEqual(id, DeliveryId.Of(stackId, "prod", "workflow", Encoding.UTF8.GetBytes("""{"current": "ok"}"""), start, window));
        Assert.NotEqual(id, DeliveryId.Of(stackId, "prod", "other", body, start, window));
        Assert.NotEqual(id, DeliveryId.Of(Guid.NewGuid(), "prod", "workflow", body, start, window));
    }
}
