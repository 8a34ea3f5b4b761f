// The interactive network graph on /network/: draws /network/graph.json with Cytoscape.js.
// The page already lists the same network in plain HTML; this only adds the picture.
// Labels never pile up: they show for the node under the pointer (or focused in the list) and its
// neighbours, for you and the people you link to, and for every node once zoomed in far enough;
// long names are cut with an ellipsis and the full name shows in a tooltip.
(function () {
  "use strict";

  var container = document.getElementById("network-graph");
  if (!container || typeof window.cytoscape !== "function") {
    return;
  }
  var tooltip = document.getElementById("graph-tooltip");
  var list = document.getElementById("network-list");

  var SHAPES = {
    practitioner: "ellipse",
    organisation: "diamond",
    case_study: "round-rectangle",
    group: "hexagon",
    region: "ellipse",
    service_area: "round-rectangle",
    more: "ellipse"
  };
  var COLOURS = {
    practitioner: "#0b5d5b",
    organisation: "#8a4b00",
    case_study: "#3b3f99",
    group: "#7a2e6b",
    region: "#0b5d5b",
    service_area: "#3b3f99",
    more: "#ffffff"
  };
  // Zoom at which every label shows: by then nodes are far enough apart for names to fit.
  var LABEL_ZOOM = 1.6;

  function toElements(graph) {
    var nodes = graph.nodes.map(function (node) {
      return {
        data: {
          id: node.id,
          label: node.label,
          url: node.url,
          type: node.type,
          size: node.count ? Math.min(70, 18 + Math.sqrt(node.count) * 3) : 22
        },
        classes: node.is_me ? "me" : ""
      };
    });
    var edges = graph.edges.map(function (edge) {
      return {
        data: {
          id: edge.id,
          source: edge.source,
          target: edge.target,
          type: edge.type,
          width: edge.count ? Math.min(8, 1 + Math.log(edge.count + 1)) : 1.5
        }
      };
    });
    return nodes.concat(edges);
  }

  function showTooltip(cy, node) {
    if (!tooltip) {
      return;
    }
    var position = node.renderedPosition();
    tooltip.textContent = node.data("label");
    tooltip.hidden = false;
    tooltip.style.left = Math.round(position.x + 14) + "px";
    tooltip.style.top = Math.round(position.y + 14) + "px";
  }

  function hideTooltip() {
    if (tooltip) {
      tooltip.hidden = true;
    }
  }

  function draw(graph) {
    container.textContent = "";
    var cy = window.cytoscape({
      container: container,
      elements: toElements(graph),
      wheelSensitivity: 0.2,
      minZoom: 0.2,
      maxZoom: 4,
      style: [
        {
          selector: "node",
          style: {
            label: "",
            shape: function (node) { return SHAPES[node.data("type")] || "ellipse"; },
            "background-color": function (node) { return COLOURS[node.data("type")] || "#555"; },
            width: "data(size)",
            height: "data(size)",
            "font-size": 10,
            color: "#1d2331",
            "text-valign": "bottom",
            "text-margin-y": 3,
            "text-wrap": "ellipsis",
            "text-max-width": 120,
            "text-background-color": "#fff",
            "text-background-opacity": 0.9,
            "text-background-padding": 2
          }
        },
        { selector: "node[type = 'organisation']", style: { width: 28, height: 28 } },
        {
          selector: "node[type = 'more']",
          style: { "border-width": 2, "border-style": "dashed", "border-color": "#4a5163", label: "data(label)" }
        },
        { selector: "node[type = 'region'], node[type = 'service_area']", style: { label: "data(label)" } },
        { selector: "node.labelled, node.zoomed", style: { label: "data(label)", "z-index": 10 } },
        { selector: "node.me", style: { "background-color": "#ffbf47", "border-width": 4, "border-color": "#1d2331", label: "data(label)" } },
        { selector: "node.mine", style: { "border-width": 3, "border-color": "#ffbf47" } },
        { selector: "edge", style: { width: "data(width)", "line-color": "#9aa1b0", "curve-style": "bezier" } },
        { selector: "edge.mine", style: { "line-color": "#c98a00" } },
        {
          selector: "edge[type = 'follows']",
          style: { "line-style": "dashed", "target-arrow-shape": "triangle", "target-arrow-color": "#9aa1b0" }
        },
        { selector: ".faded", style: { opacity: 0.15 } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#ffbf47" } }
      ],
      layout: { name: "cose", animate: false, padding: 30, nodeRepulsion: 12000, idealEdgeLength: 80 }
    });

    // You and your neighbours stand out, named, whatever the zoom.
    cy.nodes(".me").forEach(function (me) {
      me.neighborhood().nodes().addClass("mine labelled");
      me.connectedEdges().addClass("mine");
    });

    function light(node) {
      var neighbourhood = node.closedNeighborhood();
      cy.elements().difference(neighbourhood).addClass("faded");
      neighbourhood.nodes().addClass("labelled-now");
      neighbourhood.nodes().addClass("labelled");
      showTooltip(cy, node);
    }

    function unlight() {
      cy.elements().removeClass("faded");
      cy.nodes(".labelled-now").not(".me, .mine").removeClass("labelled");
      cy.nodes(".labelled-now").removeClass("labelled-now");
      hideTooltip();
    }

    cy.on("mouseover", "node", function (event) { light(event.target); });
    cy.on("mouseout", "node", unlight);
    cy.on("zoom", function () {
      if (cy.zoom() >= LABEL_ZOOM) {
        cy.nodes().addClass("zoomed");
      } else {
        cy.nodes().removeClass("zoomed");
      }
      hideTooltip();
    });
    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) {
        window.location.assign(url);
      }
    });

    // The list beside the picture is the keyboard's way in: focusing or pointing at an entry
    // lights up its node and names it.
    if (list) {
      list.querySelectorAll("[data-node-id]").forEach(function (item) {
        var node = cy.getElementById(item.dataset.nodeId);
        if (!node || node.empty()) {
          return;
        }
        var link = item.querySelector("a");
        function on() { item.classList.add("is-lit"); light(node); }
        function off() { item.classList.remove("is-lit"); unlight(); }
        if (link) {
          link.addEventListener("focus", on);
          link.addEventListener("blur", off);
        }
        item.addEventListener("mouseenter", on);
        item.addEventListener("mouseleave", off);
      });
    }
    container.dataset.ready = "true";
    container.dataset.nodes = String(cy.nodes().length);
  }

  fetch(container.dataset.src, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("graph.json answered " + response.status);
      }
      return response.json();
    })
    .then(draw)
    .catch(function () {
      container.textContent = "The graph could not be drawn just now; the list shows the same network.";
    });
})();
