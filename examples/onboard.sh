#!/bin/sh
# onboard.sh - the onboarding pipeline on a bundled example client,
# offline.  Each engine adds itself to the pipeline as it lands.
#
# usage: examples/onboard.sh [CLIENT.json]
#   WA_BIN          where the binaries are (default build/bin)
#   WA_ONBOARD_OUT  where the results go (default build/onboard)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${WA_BIN:-$root/build/bin}
client=${1:-$root/examples/clients/bright-smile-dental.json}
out=${WA_ONBOARD_OUT:-$root/build/onboard}

mkdir -p "$out"
PATH="$bin:$PATH"
WA_WORKSPACE="$out/wa.db"
export PATH WA_WORKSPACE

# the bundled clients' websites are under examples/sites/, read offline
# through file:// URLs (wa-research needs no network for them, and reads
# a local file only when told to: --allow-file)
name=$(basename "$client" .json)
site="$root/examples/sites/$name/index.html"
offline() {
	if [ -f "$site" ]; then
		jq -c --arg w "file://$site" '.client.website = $w'
	else
		cat
	fi
}
wa import < "$client" | offline | wa-research --allow-file |
	wa-price --ratecard "$root/examples/ratecard.yaml" |
	wa-nda --agency "$root/examples/agency.yaml" -o "$out" |
	wa-proposal --agency "$root/examples/agency.yaml" -o "$out" |
	wa-agent build --catalog "$root/examples/integrations.yaml" -o "$out" > "$out/dossier.json"

id=$(jq -r .client.id "$out/dossier.json")
echo "onboarded $id"
echo "  dossier:    $out/dossier.json"
echo "  research:   jq .research $out/dossier.json  ($(jq -r '.research.status' "$out/dossier.json"), $(jq '.research.opportunities | length' "$out/dossier.json") opportunities)"
echo "  pricing:    $(jq -r '.pricing | .recommended_tier as $t | "\($t) tier, \(.tiers[] | select(.name == $t) | .monthly_fee) \(.currency) a month; saves the client \(.roi.monthly_saving) a month"' "$out/dossier.json")  (jq .pricing)"
v=$(jq -r .nda.version "$out/dossier.json")
echo "  nda:        $out/$id-nda-v$v.pdf (.html, .md): $(jq -r .nda.status "$out/dossier.json"), ready to sign by $(jq -r '[.nda.recipients[] | "\(.name) (\(.role))"] | join(" then ")' "$out/dossier.json")"
echo "              wa-nda sign $out/$id-nda-v$v.pdf --key KEY.pem --cert CERT.pem --signer \"$(jq -r '.nda.recipients[0].name' "$out/dossier.json")\""
echo "              (throwaway keys for trying it: scripts/make-test-certs DIR; see wa-nda(1))"
p=$(jq -r .proposal.version "$out/dossier.json")
echo "  proposal:   $out/$id-proposal-v$p.pdf (.html, .md): the $(jq -r .proposal.recommended_tier "$out/dossier.json") tier recommended, $(jq -r .proposal.status "$out/dossier.json")"
a=$(jq -r .proposal.agreement.version "$out/dossier.json")
echo "  agreement:  $out/$id-agreement-v$a.pdf (.html, .md): statement of work and order form, $(jq -r .proposal.agreement.status "$out/dossier.json"), ready to sign by $(jq -r '[.proposal.agreement.recipients[] | "\(.name) (\(.role))"] | join(" then ")' "$out/dossier.json")"
echo "              wa-proposal agreement sign $out/$id-agreement-v$a.pdf --key KEY.pem --cert CERT.pem --signer \"$(jq -r '.proposal.agreement.recipients[0].name' "$out/dossier.json")\""
wa-agent check "$out/$id-agent.yaml" > /dev/null
echo "  agent:      $out/$id-agent.yaml: $(jq -r '.agent | "\(.intents | length) intents, tools \([.tools[].name] | join(", ")), on \(.channels | join(" and "))"' "$out/dossier.json")"
echo "              wa-agent chat -w $WA_WORKSPACE $out/$id-agent.yaml"
echo "  workspace:  $WA_WORKSPACE  (wa -w $WA_WORKSPACE status)"
echo "  events:     wa -w $WA_WORKSPACE events --client $id"
