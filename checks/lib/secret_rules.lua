-- secret_rules.lua — the secret-matching rule set, as data. secrets.lua reads
-- it; nothing else here runs. Embedded into the binary at build time like every
-- file of checks/.
--
-- rules: tried in order, the first that matches a string wins. A rule is
--   id        kebab-case, unique; the golden cases name their samples after it
--   label     what the message calls it ("AWS access key id")
--   keywords  lower-case substrings: the rule's pattern runs only when the
--             lower-cased text holds one of them (the pre-filter: most values
--             hold none, and never reach a regular expression)
--   pattern   PCRE2; the match is the secret (\K drops a leading context such
--             as a key name, a lookahead may check what follows)
--   entropy   optional: the least Shannon entropy, in bits per character, the
--             match must have (rules that match on a name, not a format)
--   min_len   optional: the least length of the match
-- Every rule has a synthetic sample and a near miss in
-- testdata/checks/hardcoded-secret/{fail,pass}-rule-set (tests/cli/test_secret_rules.sh
-- checks that none is missing).
--
-- placeholders: PCRE2 patterns for values that are not secrets (changeme,
-- <password>, ${VAR}, {{ .Values.x }}, /run/secrets/…): a match whose text
-- one of them accepts is skipped.
local M = {}

-- Characters a token is made of, and what may not touch it on either side.
local B = [[(?<![A-Za-z0-9_\-])]]   -- start of a token
local E = [[(?![A-Za-z0-9_\-])]]    -- end of a token

-- A value after a name: NAME=value, name: "value", "name": "value", name value.
local function after(names)
  return [[(?i)(?:]] .. names .. [[)[A-Za-z0-9_.\-]{0,20}["']?\s{0,3}(?:=|:|:=|=>|\s)\s{0,3}["']?\K]]
end

M.rules = {
  -- cloud: AWS
  { id = "aws-access-key-id", label = "AWS access key id",
    keywords = { "akia", "asia", "abia", "acca", "agpa", "aida", "aroa", "anpa", "anva", "aipa" },
    pattern = B .. [[(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}]] .. E },
  { id = "aws-secret-access-key", label = "AWS secret access key",
    keywords = { "aws_secret", "secret_access_key", "secretaccesskey", "aws-secret" },
    pattern = after([[aws_?secret_?access_?key|aws-secret-access-key|secret_?access_?key]]) .. [[[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])]],
    entropy = 3.5 },
  { id = "aws-session-token", label = "AWS session token",
    keywords = { "session_token", "sessiontoken" },
    pattern = after([[aws_?session_?token]]) .. [[[A-Za-z0-9/+=]{100,}]], entropy = 4 },
  -- cloud: Google
  { id = "gcp-service-account", label = "GCP service account key",
    keywords = { "service_account" },
    pattern = [["type"\s*:\s*"service_account"]] },
  { id = "google-api-key", label = "Google API key", keywords = { "aiza" },
    pattern = B .. [[AIza[0-9A-Za-z_\-]{35}]] .. E },
  { id = "google-oauth-client-secret", label = "Google OAuth client secret", keywords = { "gocspx-" },
    pattern = B .. [[GOCSPX-[0-9A-Za-z_\-]{28}]] .. E },
  { id = "google-oauth-token", label = "Google OAuth access token", keywords = { "ya29." },
    pattern = B .. [[ya29\.[0-9A-Za-z_\-]{30,}]] .. E },
  -- cloud: Azure
  { id = "azure-storage-key", label = "Azure storage account key", keywords = { "accountkey" },
    pattern = [[(?i)AccountKey=\K[A-Za-z0-9+/]{86}==]] },
  { id = "azure-shared-access-key", label = "Azure shared access key", keywords = { "sharedaccesskey=" },
    pattern = [[(?i)SharedAccessKey=\K[A-Za-z0-9+/]{42,43}=]] },
  { id = "azure-sas-token", label = "Azure SAS token", keywords = { "sig=" },
    pattern = [[(?i)[?&;]sv=\d{4}-\d\d-\d\d[^\s"']*?[?&;]sig=\K[A-Za-z0-9%+/=]{40,}|(?i)[?&;]sig=\K[A-Za-z0-9%+/=]{40,}(?=[^\s"']*&sv=\d{4})]] },
  { id = "azure-ad-client-secret", label = "Azure AD client secret", keywords = { "q~" },
    pattern = B .. [[[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34}]] .. E },
  -- other clouds and platforms
  { id = "alibaba-access-key-id", label = "Alibaba Cloud access key id", keywords = { "ltai" },
    pattern = B .. [[LTAI[A-Za-z0-9]{20}]] .. E },
  { id = "digitalocean-token", label = "DigitalOcean token", keywords = { "dop_v1_", "doo_v1_", "dor_v1_" },
    pattern = B .. [[do[opr]_v1_[a-f0-9]{64}]] .. E },
  { id = "heroku-api-key", label = "Heroku API key", keywords = { "hrku-" },
    pattern = B .. [[HRKU-[A-Za-z0-9_\-]{60}]] .. E },
  { id = "databricks-token", label = "Databricks token", keywords = { "dapi" },
    pattern = B .. [[dapi[a-f0-9]{32}(?:-\d)?]] .. E },
  { id = "vault-token", label = "HashiCorp Vault token", keywords = { "hvs.", "hvb." },
    pattern = B .. [[hv[sb]\.[A-Za-z0-9_\-]{24,}]] .. E },
  { id = "terraform-cloud-token", label = "Terraform Cloud token", keywords = { ".atlasv1." },
    pattern = B .. [[[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-]{60,}]] .. E },
  { id = "pulumi-token", label = "Pulumi access token", keywords = { "pul-" },
    pattern = B .. [[pul-[a-f0-9]{40}]] .. E },
  { id = "doppler-token", label = "Doppler token", keywords = { "dp.pt.", "dp.st.", "dp.sa." },
    pattern = B .. [[dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}]] .. E },
  { id = "supabase-token", label = "Supabase access token", keywords = { "sbp_" },
    pattern = B .. [[sbp_[a-f0-9]{40}]] .. E },
  { id = "planetscale-token", label = "PlanetScale token", keywords = { "pscale_" },
    pattern = B .. [[pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.\-]{32,64}]] .. E },
  -- source hosting
  { id = "github-token", label = "GitHub token", keywords = { "ghp_", "gho_", "ghu_", "ghs_", "ghr_" },
    pattern = B .. [[gh[pousr]_[A-Za-z0-9]{36,255}]] .. E },
  { id = "github-fine-grained-token", label = "GitHub fine-grained token", keywords = { "github_pat_" },
    pattern = B .. [[github_pat_[A-Za-z0-9_]{60,255}]] .. E },
  { id = "gitlab-token", label = "GitLab token",
    keywords = { "glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "glft-", "glsoat-", "gloas-" },
    pattern = B .. [[gl(?:pat|dt|rt|ptt|cbt|ft|soat|oas)-[A-Za-z0-9_\-]{20,}]] .. E },
  { id = "gitlab-runner-registration-token", label = "GitLab runner registration token", keywords = { "gr1348941" },
    pattern = B .. [[GR1348941[A-Za-z0-9_\-]{20,}]] .. E },
  { id = "bitbucket-app-password", label = "Bitbucket app password", keywords = { "atbb" },
    pattern = B .. [[ATBB[A-Za-z0-9_=.\-]{28,}]] .. E },
  { id = "atlassian-api-token", label = "Atlassian API token", keywords = { "atatt3", "atctt3" },
    pattern = B .. [[AT(?:ATT|CTT)3[A-Za-z0-9_\-=]{60,}]] .. E },
  -- package registries
  { id = "npm-token", label = "npm token", keywords = { "npm_" },
    pattern = B .. [[npm_[A-Za-z0-9]{36}]] .. E },
  { id = "npmrc-auth", label = "npm registry auth", keywords = { "_authtoken", "_auth=", "_password=" },
    pattern = [[(?i)(?<![A-Za-z0-9])_(?:authToken|auth|password)\s*=\s*["']?\K[A-Za-z0-9+/=_.\-]{16,}]], entropy = 3.3 },
  { id = "pypi-token", label = "PyPI token", keywords = { "pypi-" },
    pattern = B .. [[pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}]] .. E },
  { id = "rubygems-api-key", label = "RubyGems API key", keywords = { "rubygems_" },
    pattern = B .. [[rubygems_[a-f0-9]{48}]] .. E },
  { id = "dockerhub-token", label = "Docker Hub access token", keywords = { "dckr_pat_", "dckr_oat_" },
    pattern = B .. [[dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,}]] .. E },
  { id = "nuget-api-key", label = "NuGet API key", keywords = { "oy2" },
    pattern = B .. [[oy2[a-z0-9]{43}]] .. E },
  { id = "docker-config-auth", label = "registry credentials in a Docker config", keywords = { "\"auth\"" },
    pattern = [["auth"\s*:\s*"\K[A-Za-z0-9+/]{12,}={0,2}(?=")]] },
  -- chat, mail, payments and other SaaS
  { id = "slack-token", label = "Slack token", keywords = { "xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-", "xoxe" },
    pattern = B .. [[xox(?:[baprs]|e(?:\.xox[bp])?)-[A-Za-z0-9\-]{10,}]] .. E },
  { id = "slack-app-token", label = "Slack app token", keywords = { "xapp-" },
    pattern = B .. [[xapp-\d-[A-Z0-9]{9,}-\d{10,}-[a-f0-9]{32,}]] .. E },
  { id = "slack-webhook", label = "Slack webhook URL", keywords = { "hooks.slack.com" },
    pattern = [[https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/\-]{20,}]] },
  { id = "discord-webhook", label = "Discord webhook URL", keywords = { "discord" },
    pattern = [[https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{5,}/[A-Za-z0-9_\-]{30,}]] },
  { id = "telegram-bot-token", label = "Telegram bot token", keywords = { ":aa" },
    pattern = [[(?<![A-Za-z0-9:])\d{8,10}:AA[A-Za-z0-9_\-]{33}]] .. E },
  { id = "stripe-secret-key", label = "Stripe secret key", keywords = { "sk_live_", "rk_live_" },
    pattern = B .. [[(?:sk|rk)_live_[A-Za-z0-9]{20,}]] .. E },
  { id = "stripe-webhook-secret", label = "Stripe webhook secret", keywords = { "whsec_" },
    pattern = B .. [[whsec_[A-Za-z0-9+/]{32,}]] .. E },
  { id = "square-token", label = "Square access token", keywords = { "sq0atp-", "sq0csp-" },
    pattern = B .. [[sq0(?:atp|csp)-[A-Za-z0-9_\-]{22,43}]] .. E },
  { id = "shopify-token", label = "Shopify token", keywords = { "shpat_", "shpca_", "shppa_", "shpss_" },
    pattern = B .. [[shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}]] .. E },
  { id = "twilio-api-key", label = "Twilio key", keywords = { "sk" },
    pattern = B .. [[SK[0-9a-fA-F]{32}]] .. E },
  { id = "sendgrid-api-key", label = "SendGrid key", keywords = { "sg." },
    pattern = B .. [[SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}]] .. E },
  { id = "mailgun-api-key", label = "Mailgun API key", keywords = { "key-" },
    pattern = B .. [[key-[0-9a-f]{32}]] .. E },
  { id = "mailchimp-api-key", label = "Mailchimp API key", keywords = { "-us" },
    pattern = B .. [[[0-9a-f]{32}-us\d{1,2}]] .. E },
  { id = "postman-api-key", label = "Postman API key", keywords = { "pmak-" },
    pattern = B .. [[PMAK-[a-f0-9]{24}-[a-f0-9]{34}]] .. E },
  { id = "newrelic-api-key", label = "New Relic API key", keywords = { "nrak-" },
    pattern = B .. [[NRAK-[A-Z0-9]{27}]] .. E },
  { id = "grafana-token", label = "Grafana token", keywords = { "glsa_", "glc_" },
    pattern = B .. [[(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2})]] .. E },
  { id = "sentry-token", label = "Sentry token", keywords = { "sntrys_", "sntryu_" },
    pattern = B .. [[sntry[su]_[A-Za-z0-9+/=_\-]{40,}]] .. E },
  { id = "linear-api-key", label = "Linear API key", keywords = { "lin_api_" },
    pattern = B .. [[lin_api_[A-Za-z0-9]{40}]] .. E },
  { id = "mapbox-secret-token", label = "Mapbox secret token", keywords = { "sk.eyj" },
    pattern = B .. [[sk\.eyJ[A-Za-z0-9_\-]{50,}\.[A-Za-z0-9_\-]{20,}]] .. E },
  -- AI providers
  { id = "anthropic-api-key", label = "Anthropic API key", keywords = { "sk-ant-" },
    pattern = B .. [[sk-ant-[a-z]{3,6}\d{2}-[A-Za-z0-9_\-]{80,}]] .. E },
  { id = "openai-api-key", label = "OpenAI API key", keywords = { "sk-" },
    pattern = B .. [[sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48})]] .. E },
  { id = "huggingface-token", label = "Hugging Face token", keywords = { "hf_", "api_org_" },
    pattern = B .. [[(?:hf_[A-Za-z]{34}|api_org_[A-Za-z]{34})]] .. E },
  { id = "replicate-token", label = "Replicate API token", keywords = { "r8_" },
    pattern = B .. [[r8_[A-Za-z0-9]{37}]] .. E },
  -- keys, tokens of any issuer, credentials in URLs
  { id = "private-key", label = "private key", keywords = { "private key" },
    pattern = [[-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY( BLOCK)?-----]] },
  { id = "putty-private-key", label = "PuTTY private key", keywords = { "putty-user-key-file-" },
    pattern = [[PuTTY-User-Key-File-\d: ]] },
  { id = "age-secret-key", label = "age secret key", keywords = { "age-secret-key-1" },
    pattern = [[AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}]] },
  { id = "jwt", label = "JSON web token", keywords = { "eyj" },
    pattern = B .. [[eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}]] },
  { id = "url-credentials", label = "credentials in URL", keywords = { "://" },
    pattern = [[\b[a-z][a-z0-9+.\-]*://[^/\s:@$"']{1,64}:[^/\s:@$"']{3,}@[^\s/"']+]] },
  -- a sensitive name with a random-looking value written after it, in free
  -- text (a command line, a config file); values in a name/value pair of their
  -- own (an environment variable) are judged by name instead (secrets.classify)
  { id = "generic-secret", label = "secret assigned to a sensitive name",
    keywords = { "pass", "pwd", "secret", "token", "key", "credential" },
    pattern = [[(?i)(?<![A-Za-z0-9])[A-Za-z0-9_.\-]{0,30}(?:passw(?:or)?d|pwd|secret|token|api[_\-]?key|access[_\-]?key|private[_\-]?key|credentials?)(?![_\-]?(?:file|path|dir|name|id|url|ref|env|type|length|ttl)\b)(?:[_\-.][A-Za-z0-9_\-]{0,20})?["']?\s{0,2}(?:=|:=|:)\s{0,2}["']?\K[^\s"'`;,&|<>(){}\[\]$\\]{10,}]],
    entropy = 3.3 },
}

-- Values that stand for a secret without being one.
M.placeholders = {
  -- words people write where the secret goes
  [[(?i)^(?:change[_\-.]?me|changeit|change[_\-]?this|password|passw0rd|secret|token|apikey|api[_\-]key|example|sample|dummy|fake|placeholder|redacted|hidden|masked|none|null|nil|undefined|todo|tbd|test|testing|default|empty|notset|not[_\-]set|unset|\*+|x{3,}|\.{3,}|-+|_+|#+)$]],
  [[(?i)(?:example|sample|placeholder|dummy|redacted|changeme|change[_\-]me|replace[_\-]?me|your[_\-]?(?:own[_\-]?)?(?:api[_\-]?)?(?:key|token|secret|password|pass|pat)|insert[_\-]?(?:your|key|token)|xxxxxx|\*\*\*\*)]],
  -- references a deploy step or the runtime fills in
  [[^\$\(?[A-Za-z_][A-Za-z0-9_]*\)?$]],                    -- $VAR, $(VAR)
  [[\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?\}]],     -- ${VAR}, ${VAR:-x} anywhere
  [[\{\{.*\}\}]], [[\$\{\{.*\}\}]],                       -- {{ .Values.x }}, GitHub ${{ }}
  [[^<[^>]*>$]], [[^%[A-Za-z_]+%$]], [[^@[A-Za-z_]+@$]],   -- <password>, %VAR%, @VAR@
  [[^\[[A-Za-z_ \-]+\]$]],                                 -- [password]
  [[^/run/secrets/]], [[^/var/run/secrets/]], [[^/(?:etc|run|var|secrets|mnt|opt|home|root|tmp)/\S*$]],
  [[(?i)^(?:file|vault|ref\+[a-z]+|secrets?|awssm|gcpsm|azkv|op|env|k8s|arn:aws):]],
}

return M
