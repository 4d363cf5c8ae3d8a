/* policy-site: the compare page's picker.
 *
 * Without JavaScript the page shows the full table of every policy. With it, the reader picks
 * policies; the table is rebuilt from data/compare.json for those, and the choice is kept in
 * the address (?p=id,id) so that it can be shared. Every value from the data is set with
 * textContent, never as HTML. The agreement rule mirrors generator/compare.py.
 */
(function () {
  "use strict";

  var form = document.getElementById("ps-picker");
  var root = document.getElementById("ps-compare");
  var dataLink = document.getElementById("ps-compare-data");
  if (!form || !root || !dataLink) {
    return;
  }
  var labels = form.dataset;
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="p"]'));
  var status = form.querySelector(".ps-picker__status");

  /* Links as MkDocs wrote them into the full table: correct under any sub-path. */
  function hrefs(attribute) {
    var out = {};
    root.querySelectorAll("a[" + attribute + "]").forEach(function (a) {
      out[a.getAttribute(attribute)] = a.href;
    });
    return out;
  }
  var policyHref = hrefs("data-policy");
  var dimensionHref = hrefs("data-dimension");

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function link(url, text, attribute, value) {
    var a = el("a", text);
    if (url) {
      a.href = url;
    }
    if (attribute) {
      a.setAttribute(attribute, value);
    }
    return a;
  }

  function withHash(url, hash) {
    var u = new URL(url, document.baseURI);
    u.hash = hash;
    return u.toString();
  }

  function idsFromUrl(known) {
    var raw = new URLSearchParams(window.location.search).get("p");
    if (raw === null) {
      return null;
    }
    var wanted = raw.split(",").map(function (s) { return s.trim(); });
    return known.filter(function (id) { return wanted.indexOf(id) >= 0; });
  }

  function writeUrl(picked, known) {
    var params = new URLSearchParams(window.location.search);
    params.delete("p");
    var rest = params.toString();
    var search = "";
    if (picked.length !== known.length) {
      /* Ids are lower-case letters, digits and hyphens: safe in a query without encoding. */
      search = "?p=" + picked.join(",") + (rest ? "&" + rest : "");
    } else if (rest) {
      search = "?" + rest;
    }
    var url = window.location.pathname + search + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  /* Same rule as generator/compare.py: sides by leaning; stance groups need a member
   * without a leaning. */
  function agreement(policies, dimId) {
    var low = [], high = [], byStance = {}, keys = [];
    policies.forEach(function (p) {
      var pos = p.positions[dimId];
      if (!pos) {
        return;
      }
      if (pos.leaning && pos.leaning < 0) {
        low.push(p);
      } else if (pos.leaning && pos.leaning > 0) {
        high.push(p);
      }
      if (pos.stance) {
        var key = pos.stance.toLowerCase();
        if (!byStance[key]) {
          byStance[key] = [];
          keys.push(key);
        }
        byStance[key].push(p);
      }
    });
    var same = [low, high].filter(function (g) { return g.length > 1; });
    keys.sort().forEach(function (key) {
      var group = byStance[key];
      var unleaning = group.some(function (p) { return !p.positions[dimId].leaning; });
      if (group.length > 1 && unleaning) {
        same.push(group);
      }
    });
    return { low: low, high: high, same: same };
  }

  function names(group) {
    return group.map(function (p) { return p.short_title; }).join(", ");
  }

  function relationLine(cell, className, label, text) {
    cell.appendChild(el("br"));
    cell.appendChild(el("span", label + ":", "ps-rel " + className));
    cell.appendChild(document.createTextNode(" " + text));
  }

  function leanBadge(dim, pos) {
    if (!pos.leaning) {
      return null;
    }
    /* As generator/compare.py leaning_label: "more rules (+2)", or "+2" without a scale. */
    var high = pos.leaning > 0;
    var side = high ? dim.scale_high : dim.scale_low;
    var number = (high ? "+" : "") + pos.leaning;
    var badge = el("span", null, "ps-lean ps-lean--" + (high ? "high" : "low"));
    var arrow = el("span", high ? "▲" : "▼");
    arrow.setAttribute("aria-hidden", "true");
    badge.appendChild(arrow);
    badge.appendChild(document.createTextNode(" " + (side ? side + " (" + number + ")" : number)));
    return badge;
  }

  function cell(policy, dim) {
    var td = el("td");
    var pos = policy.positions[dim.id];
    if (!pos) {
      td.appendChild(el("em", labels.notStated));
      return td;
    }
    var strong = el("strong");
    var text = pos.stance || labels.evidenceOnly + " (" + pos.evidence + ")";
    strong.appendChild(link(withHash(policyHref[policy.id], dim.id), text));
    if (!pos.evidence) {
      strong.appendChild(document.createTextNode(" "));
      strong.appendChild(el("span", labels.unsourced, "ps-unsourced"));
    }
    td.appendChild(strong);
    var badge = leanBadge(dim, pos);
    if (badge) {
      td.appendChild(document.createTextNode(" "));
      td.appendChild(badge);
    }
    if (pos.text) {
      td.appendChild(el("br"));
      td.appendChild(document.createTextNode(pos.text));
    }
    return td;
  }

  function table(data, picked) {
    var policies = data.policies.filter(function (p) { return picked.indexOf(p.id) >= 0; });
    var t = el("table");
    var head = el("tr");
    head.appendChild(el("th", labels.dimension)).setAttribute("scope", "col");
    policies.forEach(function (p) {
      var th = el("th");
      th.setAttribute("scope", "col");
      th.appendChild(link(policyHref[p.id], p.short_title, "data-policy", p.id));
      head.appendChild(th);
    });
    t.appendChild(el("thead")).appendChild(head);
    var body = t.appendChild(el("tbody"));
    data.dimensions.forEach(function (dim) {
      var row = el("tr");
      var th = el("th");
      th.setAttribute("scope", "row");
      th.appendChild(el("strong")).appendChild(
        link(dimensionHref[dim.id], dim.title, "data-dimension", dim.id)
      );
      th.appendChild(el("br"));
      th.appendChild(el("em", dim.question));
      var ag = agreement(policies, dim.id);
      if (ag.low.length && ag.high.length) {
        relationLine(th, "ps-rel--opposite", labels.opposite, names(ag.low) + " ↔ " + names(ag.high));
      }
      ag.same.forEach(function (group) {
        relationLine(th, "ps-rel--same", labels.same, names(group));
      });
      row.appendChild(th);
      policies.forEach(function (p) { row.appendChild(cell(p, dim)); });
      body.appendChild(row);
    });
    return t;
  }

  function start(data) {
    var known = data.policies.map(function (p) { return p.id; });
    var fromUrl = idsFromUrl(known);
    /* No choice, or only ids that no longer exist: show every policy, as without JavaScript. */
    var initial = fromUrl === null || fromUrl.length === 0 ? known : fromUrl;
    boxes.forEach(function (box) { box.checked = initial.indexOf(box.value) >= 0; });

    function update(fromUser) {
      var picked = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      var old = root.querySelector("table");
      var fresh = table(data, picked);
      if (old) {
        old.replaceWith(fresh);
      } else {
        root.appendChild(fresh);
      }
      var message = labels.status.replace("{n}", picked.length).replace("{total}", known.length);
      status.textContent = picked.length < 2 ? message + " " + labels.pickTwo : message;
      if (fromUser) {
        writeUrl(picked, known);
      }
    }

    form.addEventListener("change", function () { update(true); });
    form.querySelector('[data-action="all"]').addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = true; });
      update(true);
    });
    form.hidden = false;
    update(false);
    root.setAttribute("data-ready", "true");
  }

  fetch(dataLink.href, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status + " " + dataLink.href);
      }
      return response.json();
    })
    .then(start)
    .catch(function (error) {
      /* The full table stays; say why the picker is missing. */
      console.warn("policy-site compare: the picker needs " + dataLink.href + ": " + error);
    });
})();
