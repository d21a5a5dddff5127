document.querySelectorAll("table.sortable").forEach(function(t){
  t.querySelectorAll("th").forEach(function(th,i){
    th.addEventListener("click",function(){
      var asc=!th.classList.contains("sorted-asc");
      t.querySelectorAll("th").forEach(function(h){h.classList.remove("sorted-asc","sorted-desc")});
      th.classList.add(asc?"sorted-asc":"sorted-desc");
      var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[i].getAttribute("data-v")||a.cells[i].textContent,y=b.cells[i].getAttribute("data-v")||b.cells[i].textContent;
        var nx=parseFloat(x),ny=parseFloat(y);
        var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y,"vi");
        return asc?c:-c;});
      rows.forEach(function(r){body.appendChild(r)});
    });
  });
});
