. "$HERE/lib.sh"
# The golden proposals and agreements (tests/data/golden/, which
# t-examples-run compares wa-proposal's output with) hold the figures
# computed here by hand from examples/ratecard.yaml and the example
# clients, by the rules of wa-price(1): not from pricing, our own output.
G="$HERE/../data/golden"
has() {   # has FILE LINE: FILE has LINE, whole
	grep -qxF -- "$2" "$G/$1" || die "$1: no line: $2"
}
# Rate card (EUR).  An LLM turn: 1800 x 0.15 / 1e6 + 120 x 0.60 / 1e6 =
# 0.000342.  Review, per conversation: 0.05 x 2 min x 30 / 60 = 0.05.
# A minute of a call: LLM 4 turns 0.001368 + STT 0.006 + TTS 450 / 1000 x
# 0.015 = 0.00675 + telephony 0.012 + media 2 x 0.0004 = 0.0008: 0.026918.
# A chat of n messages: n x 0.000342 + channel 0.005 + review 0.05.
# A tier's fee: cost(included) / (1 - 0.6) / (1 - 0.1), i.e. / 0.36, up to
# a multiple of 10; overage fee / included x 1.25 up to the cent; annual
# 12 x fee x 0.9.  Outcome: month's cost / (conversations x containment)
# / 0.4, up.  NPV factor, the sum over t = 1..36 of 1.08^(-t/12): 32.043331.

# Bright Smile Dental: USD at 1.08; 1450 calls of 3.2 min, 320 chats of
# 7 messages, 2 integrations, 24.50 an hour, dental clinic (containment 0.6)
#   a call (3.2 x 0.026918 + 0.05) x 1.08 = 0.147028608;
#   a chat (0.002394 + 0.055) x 1.08 = 0.06198552;
#   a month 1450 x 0.147028608 = 213.1914816 + 320 x 0.06198552 =
#     19.8353664, so 233.026848 for 1770 conversations; fixed (40 + 2 x 15)
#     x 1.08 = 75.60; total 308.626848
#   starter 500: 75.60 + 233.026848 x 500 / 1770 = 141.4268 / 0.36 = 392.85
#     -> 400.00; overage 0.80 x 1.25 = 1.00; setup 490 x 1.08 = 529.20;
#     annual 4320.00 (not below 12 x 141.4268 / 0.4 = 4242.80)
#   growth 2000: 75.60 + 263.3072 = 338.9072 / 0.36 = 941.41 -> 950.00;
#     overage 0.475 x 1.25 = 0.59375 -> 0.60; setup 1609.20; annual 10260.00
#   scale 8000: 75.60 + 1053.2287 = 1128.8287 / 0.36 = 3135.64 -> 3140.00
#     (above the 2500 x 1.08 = 2700 minimum); overage 0.3925 x 1.25 =
#     0.490625 -> 0.50; setup 3900 x 1.08 = 4212.00; annual 33912.00
#   recommended growth, the smallest that includes 1770
#   outcome 308.626848 / 1062 / 0.4 = 0.7265 -> 0.73
#   today (1450 x 3.2 + 320 x 6) = 6560 min / 60 x 24.50 = 2678.67; with
#     2678.6667 x 0.4 + 950 = 2021.47; saving 657.20; payback 1609.20 /
#     657.20 = 2.45 -> 2.4; NPV 657.20 x 32.043331 - 1609.20 = 19449.68;
#     36 months 36 x 2678.67 = 96432.12 and 1609.20 + 36 x 2021.47 = 74382.12
f=bright-smile-dental-proposal.md
has $f 'Bright Smile Dental handles about 1770 calls and chats a month. We propose an agent that answers them at any hour, in chat and on the phone, and hands the ones that need a person to your team with the conversation so far.'
has $f 'We recommend the **Growth** plan at 950\.00 USD a month. At the volumes and costs in this proposal it saves Bright Smile Dental about **657\.20 USD a month** and pays back its setup fee in 2\.4 months.'
has $f '| Starter | 400\.00 | 500 | 1\.00 | 529\.20 | 4320\.00 |'
has $f '| Growth (recommended) | 950\.00 | 2000 | 0\.60 | 1609\.20 | 10260\.00 |'
has $f '| Scale | 3140\.00 | 8000 | 0\.50 | 4212\.00 | 33912\.00 |'
has $f 'The annual fee is twelve months paid in advance at 10% off. Alternatively, Bright Smile Dental can pay by outcome: 0\.73 USD for each conversation the agent resolves without a person, with the same setup fee.'
has $f "| Handling today's volume with people | 2678\\.67 |"
has $f '| With the agent | 2021\.47 |'
has $f '| Saving | **657\.20** |'
has $f 'The setup fee pays back in 2\.4 months. Over three years, discounted at 8% a year, the saving is worth 19449\.68 USD today.'
grep -qF '[[0,0],[36,96432.12]]' "$G/$f" && grep -qF '[[0,1609.2],[36,74382.12]]' "$G/$f" &&
	grep -qF '"marker":{"x":2.4,' "$G/$f" || die "$f: the 36-month chart"
f=bright-smile-dental-agreement.md
has $f '| Plan | Growth |'
has $f '| Fee | 950\.00 USD a month |'
has $f '| Conversations included | 2000 a month |'
has $f '| Each conversation beyond them | 0\.60 USD |'
has $f '| Setup fee, once | 1609\.20 USD |'

# Harbour Lane Estates: GBP at 0.85; 780 calls of 5.5 min, 410 chats of 6
# messages (the default), 1 integration, 19.75 an hour, estate agent
# (containment 0.5)
#   a call (5.5 x 0.026918 + 0.05) x 0.85 = 0.16834165;
#   a chat (0.002052 + 0.055) x 0.85 = 0.0484942;
#   a month 780 x 0.16834165 = 131.306487 + 410 x 0.0484942 = 19.882622, so
#     151.189109 for 1190 conversations; fixed (40 + 15) x 0.85 = 46.75;
#     total 197.939109
#   starter: 46.75 + 63.5248 = 110.2748 / 0.36 = 306.32 -> 310.00; overage
#     0.62 x 1.25 = 0.775 -> 0.78; setup 490 x 0.85 = 416.50; annual 3348.00
#   growth: 46.75 + 254.0993 = 300.8493 / 0.36 = 835.69 -> 840.00; overage
#     0.42 x 1.25 = 0.525 -> 0.53; setup 1266.50; annual 9072.00
#   scale: 46.75 + 1016.3974 = 1063.1474 / 0.36 = 2953.19 -> 2960.00; overage
#     0.37 x 1.25 = 0.4625 -> 0.47; setup 3315.00; annual 31968.00
#   recommended growth; outcome 197.939109 / 595 / 0.4 = 0.8317 -> 0.84
#   today (780 x 5.5 + 410 x 6) = 6750 min = 112.5 h x 19.75 = 2221.875 ->
#     2221.88; with 1110.9375 + 840 = 1950.9375 -> 1950.94; saving 2221.88 -
#     1950.94 = 270.94; payback 1266.50 / 270.94 = 4.67 -> 4.7; NPV 270.94 x
#     32.043331 - 1266.50 = 7415.32; 36 months 79987.68 and 71500.34
f=harbour-lane-estates-proposal.md
has $f 'We recommend the **Growth** plan at 840\.00 GBP a month. At the volumes and costs in this proposal it saves Harbour Lane Estates about **270\.94 GBP a month** and pays back its setup fee in 4\.7 months.'
has $f '| Starter | 310\.00 | 500 | 0\.78 | 416\.50 | 3348\.00 |'
has $f '| Growth (recommended) | 840\.00 | 2000 | 0\.53 | 1266\.50 | 9072\.00 |'
has $f '| Scale | 2960\.00 | 8000 | 0\.47 | 3315\.00 | 31968\.00 |'
has $f 'The annual fee is twelve months paid in advance at 10% off. Alternatively, Harbour Lane Estates can pay by outcome: 0\.84 GBP for each conversation the agent resolves without a person, with the same setup fee.'
has $f "| Handling today's volume with people | 2221\\.88 |"
has $f '| With the agent | 1950\.94 |'
has $f '| Saving | **270\.94** |'
has $f 'The setup fee pays back in 4\.7 months. Over three years, discounted at 8% a year, the saving is worth 7415\.32 GBP today.'
has $f '| Messages per chat | 6 messages | default |'
grep -qF '[[0,0],[36,79987.68]]' "$G/$f" && grep -qF '[[0,1266.5],[36,71500.34]]' "$G/$f" ||
	die "$f: the 36-month chart"
f=harbour-lane-estates-agreement.md
has $f '| Fee | 840\.00 GBP a month |'
has $f '| Each conversation beyond them | 0\.53 GBP |'
has $f '| Setup fee, once | 1266\.50 GBP |'

# Northwind Outfitters: EUR; 900 calls of 4.1 min, 5200 chats of 9
# messages, 3 integrations, 31 an hour, online shop (containment 0.7)
#   a call 4.1 x 0.026918 + 0.05 = 0.1603638; a chat 0.003078 + 0.055 =
#     0.058078; a month 900 x 0.1603638 = 144.32742 + 5200 x 0.058078 =
#     302.0056, so 446.33302 for 6100 conversations; fixed 40 + 3 x 15 = 85;
#     total 531.33302
#   starter: 85 + 36.5847 = 121.5847 / 0.36 = 337.74 -> 340.00; overage 0.68
#     x 1.25 = 0.85; annual 3672.00
#   growth: 85 + 146.3387 = 231.3387 / 0.36 = 642.61 -> 650.00; overage
#     0.325 x 1.25 = 0.40625 -> 0.41; annual 7020.00
#   scale: 85 + 585.3548 = 670.3548 / 0.36 = 1862.10 -> 1870, below the
#     minimum: 2500.00; overage 0.3125 x 1.25 = 0.390625 -> 0.40; annual
#     27000.00 (not below 12 x 670.3548 / 0.4 = 20110.64)
#   recommended scale: 6100 is more than growth includes
#   outcome 531.33302 / 4270 / 0.4 = 0.3111 -> 0.32
#   today (900 x 4.1 + 5200 x 6) = 34890 min = 581.5 h x 31 = 18026.50; with
#     5407.95 + 2500 = 7907.95; saving 10118.55; payback 3900 / 10118.55 =
#     0.39 -> 0.4; NPV 10118.55 x 32.043331 - 3900 = 320332.05; 36 months
#     648954.00 and 3900 + 36 x 7907.95 = 288586.20
f=northwind-outfitters-proposal.md
has $f 'We recommend the **Scale** plan at 2500\.00 EUR a month. At the volumes and costs in this proposal it saves Northwind Outfitters about **10118\.55 EUR a month** and pays back its setup fee in 0\.4 months.'
has $f '| Starter | 340\.00 | 500 | 0\.85 | 490\.00 | 3672\.00 |'
has $f '| Growth | 650\.00 | 2000 | 0\.41 | 1490\.00 | 7020\.00 |'
has $f '| Scale (recommended) | 2500\.00 | 8000 | 0\.40 | 3900\.00 | 27000\.00 |'
has $f 'The annual fee is twelve months paid in advance at 10% off. Alternatively, Northwind Outfitters can pay by outcome: 0\.32 EUR for each conversation the agent resolves without a person, with the same setup fee.'
has $f "| Handling today's volume with people | 18026\\.50 |"
has $f '| With the agent | 7907\.95 |'
has $f '| Saving | **10118\.55** |'
has $f 'The setup fee pays back in 0\.4 months. Over three years, discounted at 8% a year, the saving is worth 320332\.05 EUR today.'
grep -qF '[[0,0],[36,648954.0]]' "$G/$f" && grep -qF '[[0,3900.0],[36,288586.2]]' "$G/$f" ||
	die "$f: the 36-month chart"
f=northwind-outfitters-agreement.md
has $f '| Plan | Scale |'
has $f '| Fee | 2500\.00 EUR a month |'
has $f '| Conversations included | 8000 a month |'
has $f '| Each conversation beyond them | 0\.40 EUR |'
has $f '| Setup fee, once | 3900\.00 EUR |'
